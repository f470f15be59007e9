using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Authorization;

/// <summary>
/// The journal's projection (docs/decisions/0004-journal-projection.md): answers wait only for the
/// journal row; the ledger, log and holds follow; a batch committed but never projected (the instance
/// stopped or crashed in between) is projected by the next holder of the lease before it loads.
/// </summary>
[TestFixture]
public sealed class JournalProjectionTests
{
    [Test]
    public async Task ABatchCommittedButNotProjected_IsProjectedByTheNextHolder_BeforeItLoads()
    {
        var harness = await EngineHostHarness.StartOnNewDatabaseAsync(
            nameof(JournalProjectionTests),
            new Dictionary<string, string?> { ["Authorization:Hosting:ProjectionDrainMs"] = "0" });
        var connectionString = harness.ConnectionString;
        try
        {
            var card = await harness.NewCardAsync(depositMinor: 10_000);
            var key = EngineHostHarness.NextKey();
            var where = $"acquirer_id = {key.De32AcquirerId} AND stan = {key.De11Stan} AND transmitted_at = {key.De7TransmissionDateTime}";
            AuthorizationOutcome outcome;
            EngineStateSnapshot before;
            await using (var blocker = new NpgsqlConnection(connectionString))
            {
                // The projector waits for this lock; the journal commit does not touch the row.
                await blocker.OpenAsync();
                await using var transaction = await blocker.BeginTransactionAsync();
                await using (var lockRow = new NpgsqlCommand("SELECT position FROM \"authorization\".projection WHERE id = 1 FOR UPDATE", blocker, transaction))
                {
                    await lockRow.ExecuteScalarAsync();
                }

                outcome = await harness.DecideAsync(harness.Purchase(card, 1_500, key));
                Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved), "answered once the journal row is durable");
                Assert.That(await RawScalarAsync(connectionString, "SELECT count(*) FROM \"authorization\".journal"), Is.GreaterThanOrEqualTo(1), "the batch waits in the journal");
                Assert.That(await RawScalarAsync(connectionString, $"SELECT count(*) FROM \"authorization\".holds WHERE {where}"), Is.EqualTo(0), "not projected yet");
                before = harness.Engine.State.Snapshot();

                // Stop without projecting (drain 0 ms), as a crash between commit and projection would.
                await harness.DisposeAsync();
                await transaction.RollbackAsync();
            }

            Assert.That(await RawScalarAsync(connectionString, $"SELECT count(*) FROM \"authorization\".holds WHERE {where}"), Is.EqualTo(0), "the stopped host did not project it");
            harness = await EngineHostHarness.StartAsync(connectionString);

            Assert.That(await RawScalarAsync(connectionString, "SELECT count(*) FROM \"authorization\".journal"), Is.EqualTo(0), "every batch projected, then deleted");
            Assert.That(await RawScalarAsync(connectionString, $"SELECT amount FROM \"authorization\".holds WHERE {where} AND state = 1"), Is.EqualTo(1_500));
            Assert.That(await RawScalarAsync(connectionString, $"SELECT count(*) FROM \"authorization\".log WHERE {where}"), Is.EqualTo(1));
            var pendingKey = PostgresJournalCommitter.HoldLedgerKey("hold", key, 1);
            Assert.That(await RawScalarAsync(connectionString, $"SELECT amount FROM ledger.transfers WHERE idempotency_key = '{pendingKey}'"), Is.EqualTo(1_500));
            Assert.That(before.DifferencesFrom(harness.Engine.State.Snapshot()), Is.Empty, "the new holder loaded the projected state");
            var check = await harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
            Assert.That(check.Findings, Is.Empty);

            // Projection goes on for the new holder's own answers.
            var later = EngineHostHarness.NextKey();
            Assert.That((await harness.DecideAsync(harness.Purchase(card, 500, later))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That((await harness.BalanceAsync(card.CardholderId)).GetProperty("held").GetInt64(), Is.EqualTo(2_000), "the balance endpoint reads its writes");
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    [Test]
    public async Task AYieldCreditCommittedButNotProjected_IsProjectedAsAYieldCredit_AfterARestart()
    {
        var harness = await EngineHostHarness.StartOnNewDatabaseAsync(
            nameof(JournalProjectionTests),
            new Dictionary<string, string?> { ["Authorization:Hosting:ProjectionDrainMs"] = "0" });
        var connectionString = harness.ConnectionString;
        const string creditKey = "yield:test:2026-10";
        try
        {
            var card = await harness.NewCardAsync(depositMinor: 10_000);
            await harness.WaitForProjectionAsync();
            await using (var blocker = new NpgsqlConnection(connectionString))
            {
                await blocker.OpenAsync();
                await using var transaction = await blocker.BeginTransactionAsync();
                await using (var lockRow = new NpgsqlCommand("SELECT position FROM \"authorization\".projection WHERE id = 1 FOR UPDATE", blocker, transaction))
                {
                    await lockRow.ExecuteScalarAsync();
                }

                // The credit's journal row commits; its answer waits for the projection, which the lock holds back.
                var gateway = harness.Host.Services.GetRequiredService<IBalanceMovementGateway>();
                using var stop = new CancellationTokenSource();
                var credit = gateway.MoveAsync(card.CardholderId, 7, TransferCode.Yield, creditKey, stop.Token);
                await EngineHostHarness.WaitUntilAsync(
                    async () => await RawScalarAsync(connectionString, "SELECT count(*) FROM \"authorization\".journal WHERE cardinality(admin_keys) > 0") > 0,
                    "the credit's journal row");
                await stop.CancelAsync();
                await harness.DisposeAsync();
                await transaction.RollbackAsync();
                Assert.That(async () => await credit, Throws.InstanceOf<Exception>(), "the stopped host never answered the credit");
            }

            Assert.That(await RawScalarAsync(connectionString, $"SELECT count(*) FROM ledger.transfers WHERE idempotency_key = '{creditKey}'"), Is.EqualTo(0), "not projected yet");
            harness = await EngineHostHarness.StartAsync(connectionString);

            Assert.That(await RawScalarAsync(connectionString, $"SELECT code FROM ledger.transfers WHERE idempotency_key = '{creditKey}'"), Is.EqualTo((long)TransferCode.Yield), "still a yield credit, not a deposit");
            Assert.That(await RawScalarAsync(connectionString, $"SELECT debit_account_id FROM ledger.transfers WHERE idempotency_key = '{creditKey}'"), Is.EqualTo(SystemAccounts.YieldExpense), "from yield expense, not bank cash");
            var check = await harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
            Assert.That(check.Findings, Is.Empty);
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    [Test]
    public async Task TheProjection_IsAtTheCommittedPosition_AndTheJournalTableEmpties()
    {
        await using var harness = await EngineHostHarness.StartOnNewDatabaseAsync(nameof(JournalProjectionTests));
        var card = await harness.NewCardAsync(depositMinor: 100_000);
        for (var i = 0; i < 20; i++)
        {
            Assert.That((await harness.DecideAsync(harness.Purchase(card, 100))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        }

        await harness.WaitForProjectionAsync();
        var committer = harness.Host.Services.GetRequiredService<PostgresJournalCommitter>();
        Assert.That(await RawScalarAsync(harness.ConnectionString, "SELECT position FROM \"authorization\".projection"), Is.EqualTo(committer.CommittedPosition));
        Assert.That(await RawScalarAsync(harness.ConnectionString, "SELECT count(*) FROM \"authorization\".journal"), Is.EqualTo(0));
        Assert.That((await harness.BalanceAsync(card.CardholderId)).GetProperty("held").GetInt64(), Is.EqualTo(2_000));
    }

    [Test]
    public async Task BatchesQueuedWithoutTheirRecords_AreReadBackFromTheTable()
    {
        await using var harness = await EngineHostHarness.StartOnNewDatabaseAsync(nameof(JournalProjectionTests));
        var card = await harness.NewCardAsync(depositMinor: 100_000);
        var projector = harness.Host.Services.GetRequiredService<JournalProjector>();
        projector.QueuedRecordsLimit = 0;
        try
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.That((await harness.DecideAsync(harness.Purchase(card, 300))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
            }

            using (var deposit = await harness.DepositAsync(card.CardholderId, 1_000))
            {
                Assert.That(deposit.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), "an admin command's transfer id comes back through a read-back batch");
            }

            var balance = await harness.BalanceAsync(card.CardholderId);
            Assert.That((balance.GetProperty("posted").GetInt64(), balance.GetProperty("held").GetInt64()), Is.EqualTo((101_000L, 3_000L)));
            Assert.That(await RawScalarAsync(harness.ConnectionString, "SELECT count(*) FROM \"authorization\".journal"), Is.EqualTo(0));
        }
        finally
        {
            projector.QueuedRecordsLimit = JournalProjector.QueuedRecordsMax;
        }
    }

    /// <summary>A read that does not wait for the projection (the harness's ScalarAsync does).</summary>
    private static async Task<long> RawScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
