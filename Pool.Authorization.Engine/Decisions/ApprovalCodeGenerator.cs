using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// Approval codes (issue 5): six characters of [0-9A-Z], unique per card for far longer than 30 days,
/// never derived from the PAN. The n-th approval of a card gets
/// <c>Render(Permute(n, cardId, secret))</c>: a balanced Feistel network over 32 bits, keyed by the
/// secret and the card id, restricted to [0, 36^6) by cycle walking. A Feistel network is a bijection
/// whatever its round function, and cycle walking keeps it one on the smaller domain, so the codes of
/// one card repeat only after 36^6 ≈ 2.18 billion approvals. The card id keys the permutation so that
/// two cards' n-th codes differ and a code says nothing about the sequence number without the secret.
/// </summary>
public sealed class ApprovalCodeGenerator
{
    /// <summary>36^6: the number of distinct six-character [0-9A-Z] codes.</summary>
    public const uint CodeSpace = 2_176_782_336;

    /// <summary>Four rounds: the usual minimum for a pseudo-random permutation from a Feistel network (Luby–Rackoff).</summary>
    private const int Rounds = 4;

    private readonly ulong _secret0;
    private readonly ulong _secret1;

    public ApprovalCodeGenerator(ulong secret0, ulong secret1)
    {
        if (secret0 == 0 && secret1 == 0)
        {
            throw new ArgumentException("The approval code secret must not be zero.", nameof(secret0));
        }

        _secret0 = secret0;
        _secret1 = secret1;
    }

    /// <summary>The code of a card's <paramref name="sequence"/>-th approval (sequence in [0, 36^6)).</summary>
    public ApprovalCode Generate(long cardId, uint sequence)
    {
        Debug.Assert(sequence < CodeSpace, "the per-card sequence wraps at 36^6");
        var value = Permute(sequence % CodeSpace, cardId);
        return Render(value);
    }

    /// <summary>Bijection on [0, 36^6) for a fixed card: Feistel on 32 bits, cycle-walked into range.</summary>
    internal uint Permute(uint value, long cardId)
    {
        Debug.Assert(value < CodeSpace, "input must be in the code space for cycle walking to stay a bijection");
        // The card's part of the round key is the same in every round and every walk step: mix it once.
        var cardKey = CardKey(cardId);
        var x = value;
        // Each walk step lands in range with probability 36^6 / 2^32 ≈ 0.51; the loop ends because the
        // permutation's cycle through x contains x itself, which is in range.
        do
        {
            x = Feistel(x, cardKey);
        }
        while (x >= CodeSpace);

        return x;
    }

    private ulong CardKey(long cardId) => (ulong)cardId * 0x9E3779B97F4A7C15UL ^ _secret1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Feistel(uint x, ulong cardKey)
    {
        var left = (ushort)(x >> 16);
        var right = (ushort)x;
        for (var round = 0; round < Rounds; round++)
        {
            var next = (ushort)(left ^ RoundFunction(right, round, cardKey));
            left = right;
            right = next;
        }

        return ((uint)left << 16) | right;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort RoundFunction(ushort half, int round, ulong cardKey)
    {
        // SplitMix64's finalizer over the half, the round, the card and the secret: cheap and well mixed.
        var z = ((ulong)half | ((ulong)(uint)round << 16)) ^ _secret0;
        z += cardKey;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (ushort)(z >> 24);
    }

    /// <summary>
    /// The six base-36 digits of <paramref name="value"/> (&lt; 36^6), most significant first, as ASCII
    /// [0-9A-Z] packed first character lowest. Three lookups of two digits each (36^2 = 1,296 pairs) instead
    /// of six dependent divisions: the division chain was a third of an approval code's latency.
    /// </summary>
    internal static ApprovalCode Render(uint value)
    {
        Debug.Assert(value < CodeSpace, "a code is six base-36 digits");
        var pairs = DigitPairs;
        var high = value / (DigitPairCount * DigitPairCount);
        var rest = value - (high * DigitPairCount * DigitPairCount);
        var middle = rest / DigitPairCount;
        var low = rest - (middle * DigitPairCount);
        var packed = pairs[(int)high] | ((ulong)pairs[(int)middle] << 16) | ((ulong)pairs[(int)low] << 32);
        return ApprovalCode.FromPacked(packed);
    }

    /// <summary>Two base-36 digits (36^2 of them).</summary>
    private const uint DigitPairCount = 36 * 36;

    /// <summary>Pair <c>n</c> → the ASCII of its two digits, the first (n / 36) in the low byte.</summary>
    private static readonly ushort[] DigitPairs = BuildDigitPairs();

    private static ushort[] BuildDigitPairs()
    {
        var pairs = new ushort[DigitPairCount];
        for (var n = 0; n < pairs.Length; n++)
        {
            pairs[n] = (ushort)(Digit(n / 36) | (Digit(n % 36) << 8));
        }

        return pairs;

        static int Digit(int digit) => digit < 10 ? '0' + digit : 'A' + digit - 10;
    }
}
