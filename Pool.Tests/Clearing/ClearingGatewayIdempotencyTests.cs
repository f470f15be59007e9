using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Authorization;

namespace Pool.Tests.Clearing;

/// <summary>
/// The gateway's clearing postings without a read barrier (docs/clearing.md "Matching and posting rules"): a key
/// committed but not yet projected is never committed again, because it stays in the gateway's map of postings
/// in flight until it is projected.
/// </summary>
[TestFixture]
public sealed class ClearingGatewayIdempotencyTests
{
    [Test]
    public async Task PostingCommittedWhileTheProjectorIsBlocked_IsNotCommittedAgainByARepeat_AndAnswersRepeatedOnceProjected()
    {
        // A short admin timeout: the first call gives up on the blocked projection after a second.
        var harness = await EngineHostHarness.StartOnNewDatabaseAsync(
            nameof(ClearingGatewayIdempotencyTests),
            new Dictionary<string, string?> { ["Authorization:Hosting:AdminCommandTimeoutMs"] = "1000" });
        try
        {
            var card = await harness.NewCardAsync(depositMinor: 10_000);
            var gateway = harness.Host.Services.GetRequiredService<IAuthorizationLedgerGateway>();
            var posting = new ClearingPosting("clearing:05:" + ClearingFileText.NewArn(), card.CardId, 700, IsCredit: false, AuthorizationId: null);
            GatewayResult first;
            GatewayResult repeatWhileBlocked;
            await using (var blocker = new NpgsqlConnection(harness.ConnectionString))
            {
                // The projector waits for this lock; the journal commit does not touch the row.
                await blocker.OpenAsync();
                await using var transaction = await blocker.BeginTransactionAsync();
                await using (var lockRow = new NpgsqlCommand("SELECT position FROM \"authorization\".projection WHERE id = 1 FOR UPDATE", blocker, transaction))
                {
                    await lockRow.ExecuteScalarAsync();
                }

                first = await gateway.PostClearingAsync(posting, CancellationToken.None);
                repeatWhileBlocked = await gateway.PostClearingAsync(posting, CancellationToken.None);
                await transaction.RollbackAsync();
            }

            Assert.That(await gateway.WaitForProjectionAsync(CancellationToken.None), Is.True, "projected once the lock is gone");
            var repeat = await gateway.PostClearingAsync(posting, CancellationToken.None);

            Assert.That(first.Status, Is.EqualTo(GatewayStatus.Unavailable), "committed, but not projected within the admin timeout");
            Assert.That(repeatWhileBlocked.Status, Is.EqualTo(GatewayStatus.Unavailable), "still in flight: not submitted again");
            Assert.That(repeat.Status, Is.EqualTo(GatewayStatus.Repeated));
            Assert.That(await harness.ScalarAsync($"SELECT count(*) FROM \"authorization\".admin_commands WHERE idempotency_key = '{posting.IdempotencyKey}'"), Is.EqualTo(1));
            Assert.That((await harness.BalanceAsync(card.CardholderId)).GetProperty("posted").GetInt64(), Is.EqualTo(9_300), "700 once");
            var check = await harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
            Assert.That(check.Findings, Is.Empty);
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }
}
