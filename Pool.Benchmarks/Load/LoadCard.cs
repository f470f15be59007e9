using System.Text;

namespace Pool.Benchmarks.Load;

/// <summary>
/// One seeded card and the generator's model of it: the deposit it was given and an upper bound of what
/// this run has asked to hold on it (approved purchases and advices sent, never reduced by reversals).
/// Available is therefore within [deposit − sent, deposit]; a purchase that fits under the lower bound must
/// be approved (00), one above the deposit must be declined (51), anything between may be either.
/// </summary>
internal sealed class LoadCard(string pan, string expiryYymm, long depositMinor)
{
    private long _sentHoldMinor;

    public string Pan { get; } = pan;

    public byte[] PanBytes { get; } = Encoding.ASCII.GetBytes(pan);

    public byte[] ExpiryBytes { get; } = Encoding.ASCII.GetBytes(expiryYymm);

    public long DepositMinor { get; } = depositMinor;

    public long SentHoldMinor => Volatile.Read(ref _sentHoldMinor);

    /// <summary>Adds a hold about to be asked for and returns the total before it.</summary>
    public long AddSentHold(long amountMinor) => Interlocked.Add(ref _sentHoldMinor, amountMinor) - amountMinor;
}
