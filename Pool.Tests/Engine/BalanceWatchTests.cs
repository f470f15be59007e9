using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;

namespace Pool.Tests.Engine;

/// <summary>
/// The balance watch the ledger check compares with (docs/engine.md "Balance snapshots"): each writer copies its
/// accounts in queue order, the copy includes every change decided before it, and the accounts changed while
/// the caller works are handed back.
/// </summary>
public sealed class BalanceWatchTests
{
    private EngineHarness _engine = null!;
    private CollectingCompletion _answers = null!;

    [SetUp]
    public void SetUp()
    {
        _engine = new EngineHarness(cards: 8, partitions: 2);
        _answers = new CollectingCompletion();
        _engine.Engine.Start();
    }

    [TearDown]
    public async Task TearDown()
    {
        // Disposing twice is allowed: some tests stop the engine themselves.
        await _engine.DisposeAsync();
    }

    [Test]
    public async Task TheCopyHoldsEveryAccount_WithChangesBeforeIt_AndNamesTheAccountsChangedWhileWatching()
    {
        Assert.That(_engine.Engine.TrySubmit(_engine.Purchase(1, 1_000), _answers, 1), Is.EqualTo(SubmitResult.Accepted));
        CollectingCompletion.WaitUntil(() => _answers.Calls == 1, "the first purchase's answer");

        var snapshots = await _engine.Engine.WatchBalancesAsync(
            null,
            (_, _) =>
            {
                Assert.That(_engine.Engine.TrySubmit(_engine.Purchase(2, 2_500), _answers, 2), Is.EqualTo(SubmitResult.Accepted));
                CollectingCompletion.WaitUntil(() => _answers.Calls == 2, "the second purchase's answer");
                return Task.CompletedTask;
            },
            TimeSpan.FromSeconds(10),
            CancellationToken.None);

        Assert.That(snapshots, Is.Not.Null);
        var balances = snapshots!.SelectMany(s => s.Balances).ToDictionary(b => b.AccountId);
        var changed = snapshots.SelectMany(s => s.Changed).ToHashSet();
        Assert.That(_answers.Answers[2].ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(balances.Keys, Is.EquivalentTo(Enumerable.Range(1, 8).Select(i => (long)i)), "every account, across both partitions");
        Assert.That(balances[1], Is.EqualTo(new EngineAccountBalance(1, EngineHarness.Balance, 1_000)), "the hold decided before the copy is in it");
        Assert.That(balances[2], Is.EqualTo(new EngineAccountBalance(2, EngineHarness.Balance, 0)), "the copy is from before the second purchase");
        Assert.That(changed, Is.EquivalentTo(new long[] { 2 }), "only the account changed while watching");
    }

    [Test]
    public async Task AWatchOfSomeAccounts_CopiesOnlyThose()
    {
        var snapshots = await _engine.Engine.WatchBalancesAsync(new HashSet<long> { 3, 6 }, (_, _) => Task.CompletedTask, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(snapshots!.SelectMany(s => s.Balances).Select(b => b.AccountId), Is.EquivalentTo(new long[] { 3, 6 }));
    }

    [Test]
    public async Task OnAStoppedEngine_TheWatchIsUnavailable()
    {
        await _engine.Engine.DisposeAsync();

        var snapshots = await _engine.Engine.WatchBalancesAsync(null, (_, _) => Task.CompletedTask, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.That(snapshots, Is.Null);
    }
}
