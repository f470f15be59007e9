using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// The transaction key of spec §8: DE32 (acquirer id) + DE11 (STAN) + DE7 (MMDDhhmmss, as a number).
/// A plain struct implementing <see cref="IEquatable{T}"/> so that <see cref="Dictionary{TKey,TValue}"/>
/// compares it without boxing and without an interface call.
/// </summary>
public readonly struct TransactionKey : IEquatable<TransactionKey>
{
    // Per process, like HashCode's own seed: the fields come from the network, so a fixed hash would let
    // a sender craft colliding keys (hash flooding) against the hold and recent-answer tables.
    private static readonly ulong HashSeed = (ulong)Random.Shared.NextInt64();

    public TransactionKey(long de32AcquirerId, int de11Stan, long de7TransmissionDateTime)
    {
        De32AcquirerId = de32AcquirerId;
        De11Stan = de11Stan;
        De7TransmissionDateTime = de7TransmissionDateTime;
    }

    public long De32AcquirerId { get; }

    public int De11Stan { get; }

    /// <summary>DE7 MMDDhhmmss read as a decimal number (e.g. 1124120000).</summary>
    public long De7TransmissionDateTime { get; }

    public bool IsEmpty => De32AcquirerId == 0 && De11Stan == 0 && De7TransmissionDateTime == 0;

    public bool Equals(TransactionKey other) =>
        De32AcquirerId == other.De32AcquirerId
        && De11Stan == other.De11Stan
        && De7TransmissionDateTime == other.De7TransmissionDateTime;

    public override bool Equals(object? obj) => obj is TransactionKey other && Equals(other);

    /// <summary>
    /// Two multiply–xor rounds (SplitMix64's constants) over the three fields and the seed: a fraction of
    /// <see cref="HashCode.Combine{T1,T2,T3}"/>'s instructions, and the decision path hashes every key
    /// two to four times (recent answers, holds; docs/benchmarks-engine.md).
    /// </summary>
    public override int GetHashCode()
    {
        var h = Hash64();
        return (int)(h ^ (h >> 31) ^ (h >> 47));
    }

    /// <summary>
    /// The 64-bit hash the engine's open-addressing tables take their slot from (its high bits, which the
    /// last multiply mixes from every input bit). For one acquirer, DE11 (below 2^20) and DE7 shifted past
    /// it do not overlap, so distinct keys never hash alike before the seeded multiply.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Hash64()
    {
        var h = ((ulong)De32AcquirerId ^ HashSeed) * 0x9E3779B97F4A7C15UL;
        return (h ^ (uint)De11Stan ^ ((ulong)De7TransmissionDateTime << 20)) * 0xBF58476D1CE4E5B9UL;
    }

    public static bool operator ==(TransactionKey left, TransactionKey right) => left.Equals(right);

    public static bool operator !=(TransactionKey left, TransactionKey right) => !left.Equals(right);

    public override string ToString() => $"{De32AcquirerId}/{De11Stan:D6}/{De7TransmissionDateTime:D10}";
}
