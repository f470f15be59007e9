using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.Processing;

namespace Pool.Tests.Engine;

/// <summary>
/// STYLE.md "Prove it": after a warm-up, 10,000 decisions allocate nothing on this thread. 10,000 cards
/// here (the million-card figure is the benchmark's).
/// </summary>
public sealed class ZeroAllocationTests
{
    private const int Cards = 10_000;
    private const int Decisions = 10_000;

    private static EngineHarness NewEngine() => new(cards: Cards, configure: o =>
    {
        o.HoldsPerPartitionMax = 4 * Decisions;
        o.RecentAnswersPerPartitionMax = 8 * Decisions;
    });

    private static AuthorizationRequest[] Purchases(EngineHarness engine, long amountMinor)
    {
        var requests = new AuthorizationRequest[2 * Decisions];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = engine.Purchase((i % Cards) + 1, amountMinor);
        }

        return requests;
    }

    private static long AllocatedBy(EnginePartition core, AuthorizationRequest[] requests, int warmUp)
    {
        for (var i = 0; i < warmUp; i++)
        {
            core.Decide(in requests[i], out _, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var approved = 0;
        for (var i = warmUp; i < warmUp + Decisions; i++)
        {
            core.Decide(in requests[i], out var outcome, out JournalRecord _);
            approved += outcome.IsApproved ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Out.WriteLine($"approved {approved} of {Decisions}");
        return allocated;
    }

    [Test]
    public void Approvals_AllocateNothing()
    {
        var engine = NewEngine();
        var requests = Purchases(engine, 1);
        Assert.That(AllocatedBy(engine.Core, requests, Decisions), Is.Zero);
    }

    [Test]
    public void Declines_AllocateNothing()
    {
        var engine = NewEngine();
        var requests = Purchases(engine, EngineHarness.Balance + 1);
        Assert.That(AllocatedBy(engine.Core, requests, Decisions), Is.Zero);
    }

    [Test]
    public void Reversals_AllocateNothing()
    {
        var engine = NewEngine();
        var purchases = Purchases(engine, 1);
        var reversals = new AuthorizationRequest[purchases.Length];
        for (var i = 0; i < purchases.Length; i++)
        {
            engine.Core.Decide(in purchases[i], out _, out _);
            reversals[i] = engine.Reversal((i % Cards) + 1, purchases[i].Key);
        }

        Assert.That(AllocatedBy(engine.Core, reversals, Decisions), Is.Zero);
    }

    [Test]
    public void Undo_AllocatesNothing()
    {
        var engine = NewEngine();
        var purchases = Purchases(engine, 1);
        var records = new JournalRecord[purchases.Length];
        for (var i = 0; i < purchases.Length; i++)
        {
            engine.Core.Decide(in purchases[i], out _, out records[i]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = records.Length - 1; i >= 0; i--)
        {
            engine.Core.Undo(in records[i]);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
