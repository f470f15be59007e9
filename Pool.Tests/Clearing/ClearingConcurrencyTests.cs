using System.Collections.Concurrent;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Clearing.Contracts;
using Pool.Tests.Authorization;

namespace Pool.Tests.Clearing;

/// <summary>Imports racing with authorizations on the same cards: holds and available balances stay right (issue 6).</summary>
[TestFixture]
public sealed class ClearingConcurrencyTests : ClearingFixture
{
    private const long RacingMinor = 100;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Clearing:PostingBatchMax"] = "7" };

    [Test]
    public async Task ImportRacingAuthorizationsOnTheSameCards_LeavesEveryBalanceEqualToItsHistory()
    {
        const int cards = 8;
        const int clearedPerCard = 3;
        const int openPerCard = 2;
        const long deposit = 100_000;
        var issued = new List<TestCard>();
        var file = new ClearingFileText();
        for (var c = 0; c < cards; c++)
        {
            var card = await NewCardAsync(deposit);
            issued.Add(card);
            for (var a = 0; a < clearedPerCard + openPerCard; a++)
            {
                var code = await ApproveAsync(card, 1_000);
                if (a < clearedPerCard)
                {
                    file.Add("05", card.Pan, 900, code, "432812345678");
                }
            }

            file.Add("07", card.Pan, 500);
            file.Add("06", card.Pan, 200);
        }

        // Authorizations of 100 yen on the same cards: a free-running stream for as long as the import runs, and
        // one round after every posting batch (the import's progress waits for it), so some are decided between
        // the file's postings whatever the machine's speed.
        var approvedPerCard = new ConcurrentDictionary<string, int>();
        var approvedWhilePosting = 0;
        var posting = 0;
        using var batchPosted = new SemaphoreSlim(0);
        using var roundDone = new SemaphoreSlim(0);
        using var importDone = new CancellationTokenSource();
        async Task RoundAsync()
        {
            var answers = await Task.WhenAll(issued.Select(async card => (card, await Harness.DecideAsync(Harness.Purchase(card, RacingMinor)))));
            foreach (var (card, answer) in answers)
            {
                Assert.That(answer.ResponseCode, Is.EqualTo(ResponseCode.Approved), card.CardId);
                approvedPerCard.AddOrUpdate(card.CardId, 1, (_, n) => n + 1);
                if (Volatile.Read(ref posting) == 1)
                {
                    Interlocked.Increment(ref approvedWhilePosting);
                }
            }
        }

        var stream = Task.Run(async () =>
        {
            // At most 200 rounds (20,000 yen a card), far inside the deposit.
            for (var round = 0; round < 200 && !importDone.IsCancellationRequested; round++)
            {
                await RoundAsync();
            }
        });
        var afterBatches = Task.Run(async () =>
        {
            while (await WaitOrStopAsync(batchPosted, importDone.Token))
            {
                await RoundAsync();
                roundDone.Release();
            }
        });
        var progress = new InterleavingProgress(batchPosted, roundDone, () => Volatile.Write(ref posting, 1));

        var result = await Imports.ImportAsync(file.Stream(), "test", progress, CancellationToken.None);
        Volatile.Write(ref posting, 0);
        await importDone.CancelAsync();
        await Task.WhenAll(stream, afterBatches);

        Assert.That(result.Outcome, Is.EqualTo(ClearingImportOutcome.Imported));
        var report = result.Report!;
        Assert.That(progress.Batches, Is.GreaterThan(1), "the file is posted in several batches");
        Assert.That(approvedWhilePosting, Is.GreaterThanOrEqualTo(cards * (progress.Batches - 1)), "authorizations were decided between the postings");
        Assert.That((report.Matched.Count, report.ForcePosted.Count, report.Credits.Count), Is.EqualTo(((long)cards * clearedPerCard, (long)cards, (long)cards)));
        foreach (var card in issued)
        {
            var held = (openPerCard * 1_000L) + (approvedPerCard[card.CardId] * RacingMinor);
            var posted = deposit - (clearedPerCard * 900) - 500 + 200;
            Assert.That(await BalanceAsync(card), Is.EqualTo((posted, held, posted - held)), card.CardId);
            Assert.That(EngineBalance(card), Is.EqualTo((posted, held, posted - held)), "engine " + card.CardId);
        }

        await AssertLedgerBalancedAsync();
    }

    private static async Task<bool> WaitOrStopAsync(SemaphoreSlim semaphore, CancellationToken stop)
    {
        try
        {
            await semaphore.WaitAsync(stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>After each posting batch, lets one round of authorizations be decided before the next batch.</summary>
    private sealed class InterleavingProgress(SemaphoreSlim batchPosted, SemaphoreSlim roundDone, Action postingStarted) : IProgress<ClearingProgress>
    {
        public int Batches { get; private set; }

        public void Report(ClearingProgress value)
        {
            if (value.Phase != "posting")
            {
                return;
            }

            postingStarted();
            Batches++;
            batchPosted.Release();
            // A bounded wait: the round is a few engine decisions.
            Assert.That(roundDone.Wait(TimeSpan.FromSeconds(30)), Is.True, "a round of authorizations between two batches");
        }
    }
}
