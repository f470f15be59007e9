using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Authorization;

/// <summary>The PostgreSQL journal: what one committed decision writes, fencing, and the commit budget.</summary>
[TestFixture]
public sealed class JournalCommitterTests
{
    private EngineHostHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await EngineHostHarness.StartOnNewDatabaseAsync(
        nameof(JournalCommitterTests),
        new Dictionary<string, string?> { ["Authorization:Engine:CommitBudgetMs"] = "500" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [TearDown]
    public void ShowLogsOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            foreach (var line in _harness.Host.Logs.Lines.Where(l => l.Contains("Pool.Modules.Authorization", StringComparison.Ordinal)).TakeLast(20))
            {
                TestContext.Out.WriteLine(line);
            }
        }
    }

    [Test]
    public async Task Approval_IsCommitted_AsALogRow_APendingLedgerTransfer_AndAnOpenHold()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var key = EngineHostHarness.NextKey();

        var outcome = await _harness.DecideAsync(_harness.Purchase(card, 1_200, key));

        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
        var where = $"acquirer_id = {key.De32AcquirerId} AND stan = {key.De11Stan} AND transmitted_at = {key.De7TransmissionDateTime}";
        Assert.That(await _harness.ScalarAsync($"SELECT count(*) FROM \"authorization\".log WHERE {where} AND response_code = 0 AND hold_amount = 1200"), Is.EqualTo(1));
        Assert.That(await _harness.ScalarAsync($"SELECT amount FROM \"authorization\".holds WHERE {where} AND state = 1 AND pending_open AND ledger_version = 1"), Is.EqualTo(1_200));
        var pendingKey = PostgresJournalCommitter.HoldLedgerKey("hold", key, 1);
        Assert.That(await _harness.ScalarAsync($"SELECT amount FROM ledger.transfers WHERE idempotency_key = '{pendingKey}' AND kind = 2 AND credit_account_id = {SystemAccounts.NetworkSettlement}"), Is.EqualTo(1_200));
        var balance = await _harness.BalanceAsync(card.CardholderId);
        Assert.That((balance.GetProperty("posted").GetInt64(), balance.GetProperty("held").GetInt64()), Is.EqualTo((10_000L, 1_200L)));
    }

    [Test]
    public async Task PartialThenFullReversal_VoidsEachPending_AndOpensTheRemainingAmount()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var key = EngineHostHarness.NextKey();
        await _harness.DecideAsync(_harness.Purchase(card, 5_000, key));

        var partial = await _harness.DecideAsync(_harness.Reversal(card, key, replacementMinor: 2_000));
        Assert.That(partial.ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(await HeldAsync(card), Is.EqualTo(2_000));
        Assert.That(await _harness.ScalarAsync($"SELECT amount FROM ledger.transfers WHERE idempotency_key = '{PostgresJournalCommitter.HoldLedgerKey("hold", key, 2)}'"), Is.EqualTo(2_000));

        var full = await _harness.DecideAsync(_harness.Reversal(card, key));
        Assert.That(full.ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(await HeldAsync(card), Is.EqualTo(0));
        Assert.That(await _harness.ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE idempotency_key LIKE 'auth:void:%:{key.De11Stan}:%'"), Is.EqualTo(2));
        var check = await _harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
        Assert.That(check.Findings, Is.Empty);
    }

    [Test]
    public async Task Commit_UnderAnotherEpoch_IsRejected_AndWritesNothing()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var committer = _harness.Host.Services.GetRequiredService<PostgresJournalCommitter>();
        var logRows = await _harness.ScalarAsync("SELECT count(*) FROM \"authorization\".log");
        var record = new JournalRecord
        {
            Kind = JournalRecordKind.Authorization,
            RequestKind = RequestKind.Authorization,
            ResponseCode = ResponseCode.DoNotHonor,
            DecidedAtUtcTicks = DateTimeOffset.UtcNow.UtcTicks,
            Key = EngineHostHarness.NextKey(),
        };

        Assert.ThrowsAsync<EpochRejectedException>(async () =>
            await committer.CommitAsync(new[] { record }, _harness.Engine.Epoch + 1, CancellationToken.None));

        Assert.That(await _harness.ScalarAsync("SELECT count(*) FROM \"authorization\".log"), Is.EqualTo(logRows));
        _ = card;
    }

    [Test]
    public async Task Commit_PastItsBudget_IsRolledBack_AndAnswered91_AndTheHoldIsUndone()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var key = EngineHostHarness.NextKey();
        var logRows = await _harness.ScalarAsync("SELECT count(*) FROM \"authorization\".log");

        // The failpoint: a lock on the lease row makes the commit's FOR SHARE wait past its budget.
        await using (var blocker = new NpgsqlConnection(_harness.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand("SELECT epoch FROM \"authorization\".lease WHERE id = 1 FOR UPDATE", blocker, transaction))
            {
                await lockRow.ExecuteScalarAsync();
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var outcome = await _harness.DecideAsync(_harness.Purchase(card, 1_000, key));

            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable));
            Assert.That(started.ElapsedMilliseconds, Is.LessThan(2_000), "answered within the network's 2 s (budget 500 ms)");

            // The engine answers at its budget; the server learns of the cancellation a moment later. Releasing the
            // lock before that lets the abandoned INSERT commit after all: the committer then sees a durable batch
            // the engine undid, fences the epoch and the host reloads (safe, but a different test: InDoubtCommitTests).
            await WaitForNoLockWaitersAsync();
            await transaction.RollbackAsync();
        }

        Assert.That(_harness.Engine.State.TryGetHold(AccountOf(card), key, out _), Is.False, "the undone hold is not in memory");
        var later = await _harness.DecideAsync(_harness.Purchase(card, 1_000));
        Assert.That(later.ResponseCode, Is.EqualTo(ResponseCode.Approved), "the journal serves normally once the lock is gone");
        Assert.That(await _harness.ScalarAsync("SELECT count(*) FROM \"authorization\".log"), Is.EqualTo(logRows + 1), "only the later approval was written");
        Assert.That(await HeldAsync(card), Is.EqualTo(1_000));
    }

    private async Task WaitForNoLockWaitersAsync()
    {
        const string waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await _harness.ScalarAsync(waiting) != 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the abandoned commit is cancelled on the server");
            await Task.Delay(20);
        }
    }

    private long AccountOf(TestCard card) => _harness.EngineHost.Catalog.TryGetAccount(card.CardholderId, out var account) ? account : 0;

    private async Task<long> HeldAsync(TestCard card) => (await _harness.BalanceAsync(card.CardholderId)).GetProperty("held").GetInt64();
}
