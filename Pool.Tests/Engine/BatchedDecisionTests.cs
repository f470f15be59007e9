using System.Runtime.InteropServices;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>
/// A group of requests decided together (clock read once, memory prefetched first) is decided exactly as
/// the same requests one by one at that time: same answers, same records, same state — including
/// requests in one group that depend on each other (same account, a retransmission of an earlier member,
/// a reversal of an approval in the same group).
/// </summary>
public sealed class BatchedDecisionTests
{
    [Test]
    public async Task Group_IsDecidedExactlyAsOneByOne()
    {
        await using var oneByOne = new EngineHarness(cards: 6);
        await using var grouped = new EngineHarness(cards: 6);
        var requests = Traffic(oneByOne);

        var now = oneByOne.Clock.GetUtcNow().UtcTicks;
        var expected = new List<(AuthorizationOutcome, JournalRecord)>();
        foreach (var request in requests)
        {
            oneByOne.Core.Decide(in request, now, out var outcome, out var record);
            expected.Add((outcome, record));
        }

        var outcomes = new AuthorizationOutcome[requests.Length];
        var records = new JournalRecord[requests.Length];
        for (var start = 0; start < requests.Length; start += 16)
        {
            var length = Math.Min(16, requests.Length - start);
            grouped.Core.DecideBatch(requests.AsSpan(start, length), outcomes.AsSpan(start, length), records.AsSpan(start, length));
        }

        for (var i = 0; i < requests.Length; i++)
        {
            Assert.That(outcomes[i], Is.EqualTo(expected[i].Item1), $"request {i}: answer");
            var record = expected[i].Item2;
            Assert.That(
                MemoryMarshal.AsBytes(new ReadOnlySpan<JournalRecord>(in records[i])).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<JournalRecord>(in record))),
                Is.True,
                $"request {i}: record, byte for byte");
        }

        Assert.That(grouped.State.Snapshot().DifferencesFrom(oneByOne.State.Snapshot()), Is.Empty);
        Assert.That(outcomes.Count(o => o.ResponseCode == ResponseCode.InsufficientFunds), Is.GreaterThan(0), "the traffic reaches declines");
        Assert.That(outcomes.Count(o => o.IsRetransmission), Is.GreaterThan(0), "and retransmissions inside a group");
    }

    [Test]
    public async Task Batches_AllocateNothing()
    {
        await using var engine = new EngineHarness(cards: 1_000, configure: o =>
        {
            o.HoldsPerPartitionMax = 40_000;
            o.RecentAnswersPerPartitionMax = 40_000;
        });
        var requests = new AuthorizationRequest[32_000];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = engine.Purchase((i % 1_000) + 1, i % 3 == 0 ? EngineHarness.Balance + 1 : 1);
        }

        var outcomes = new AuthorizationOutcome[16];
        var records = new JournalRecord[16];
        for (var i = 0; i < 16_000; i += 16)
        {
            engine.Core.DecideBatch(requests.AsSpan(i, 16), outcomes, records);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 16_000; i < requests.Length; i += 16)
        {
            engine.Core.DecideBatch(requests.AsSpan(i, 16), outcomes, records);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static AuthorizationRequest[] Traffic(EngineHarness engine)
    {
        var requests = new List<AuthorizationRequest>();
        for (var i = 0; i < 100; i++)
        {
            // Cards 1-6, several requests per account in every group of 16.
            var card = (i % 6) + 1;
            var purchase = engine.Purchase(card, i % 5 == 0 ? EngineHarness.Balance / 2 : 1_000 + i) with { PartialApprovalSupported = i % 7 == 0 };
            requests.Add(purchase);
            if (i % 4 == 1)
            {
                requests.Add(purchase with { IsRepeat = true });
            }

            if (i % 6 == 2)
            {
                requests.Add(engine.Reversal(card, purchase.Key, replacementMinor: i % 12 == 2 ? null : 100));
            }

            if (i % 9 == 3)
            {
                requests.Add(engine.Advice(card, 700, ResponseCode.Approved));
            }
        }

        return [.. requests];
    }
}
