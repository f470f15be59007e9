using Pool.Authorization.Engine.Decisions;
using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.State;

/// <summary>The key of a recent answer: a retransmission repeats the MTI (class) and the transaction key (spec §8).</summary>
public readonly struct AnswerKey : IEquatable<AnswerKey>
{
    public AnswerKey(RequestKind kind, TransactionKey key)
    {
        Kind = kind;
        Key = key;
    }

    public RequestKind Kind { get; }

    public TransactionKey Key { get; }

    public bool Equals(AnswerKey other) => Kind == other.Kind && Key.Equals(other.Key);

    public override bool Equals(object? obj) => obj is AnswerKey other && Equals(other);

    public override int GetHashCode() => Key.GetHashCode() ^ (int)Kind;

    /// <summary>The 64-bit hash of <see cref="RecentAnswerTable"/>: the key's, moved by the MTI class (an 0100 and an 0120 may share a key).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Hash64() => Key.Hash64() + ((ulong)Kind * 0x9E3779B97F4A7C15UL);

    public static bool operator ==(AnswerKey left, AnswerKey right) => left.Equals(right);

    public static bool operator !=(AnswerKey left, AnswerKey right) => !left.Equals(right);
}
