using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Authorization;

/// <summary>Restart rebuilds exactly the state the old engine had committed (issue 5 durability).</summary>
[TestFixture]
public sealed class StateRebuildTests
{
    [Test]
    public async Task Restart_AfterAuthorizationsReversalsDepositsAndCardChanges_RebuildsTheSameState()
    {
        var harness = await EngineHostHarness.StartOnNewDatabaseAsync(nameof(StateRebuildTests));
        var connectionString = harness.ConnectionString;
        try
        {
            var first = await harness.NewCardAsync(depositMinor: 50_000);
            var second = await harness.NewCardAsync(depositMinor: 3_000);
            var kept = EngineHostHarness.NextKey();
            var reduced = EngineHostHarness.NextKey();
            var released = EngineHostHarness.NextKey();
            Assert.That((await harness.DecideAsync(harness.Purchase(first, 1_200, kept))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That((await harness.DecideAsync(harness.Purchase(first, 8_000, reduced))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That((await harness.DecideAsync(harness.Purchase(second, 2_500, released))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That((await harness.DecideAsync(harness.Purchase(second, 2_500))).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
            Assert.That((await harness.DecideAsync(harness.Reversal(first, reduced, replacementMinor: 3_000))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That((await harness.DecideAsync(harness.Reversal(second, released))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
            using (var deposit = await harness.DepositAsync(second.CardholderId, 4_000))
            {
                Assert.That(deposit.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }

            using (var withdrawal = await harness.WithdrawAsync(first.CardholderId, 10_000))
            {
                Assert.That(withdrawal.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }

            using (var frozen = await harness.Host.Operator().PutAsJsonAsync($"/api/cards/{second.CardId}/status", new { status = "frozen" }))
            {
                Assert.That(frozen.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            using (var controls = await harness.Host.Operator().PutAsJsonAsync($"/api/cards/{first.CardId}/controls", new
            {
                perTransactionLimit = 20_000, dailyLimit = (long?)null, monthlyLimit = (long?)null, dailyCount = 10,
                blockedMccs = new[] { "7995" }, allowEcommerce = true, allowInternational = false, allowCash = true,
            }))
            {
                Assert.That(controls.StatusCode, Is.EqualTo(HttpStatusCode.OK), await controls.Content.ReadAsStringAsync());
            }

            var before = harness.Engine.State.Snapshot();
            Assert.That(before.Holds, Has.Count.EqualTo(3));

            // Every answer above came after its commit; nothing uncommitted is left to lose.
            await harness.DisposeAsync();
            harness = await EngineHostHarness.StartAsync(connectionString);

            var after = harness.Engine.State.Snapshot();
            Assert.That(before.DifferencesFrom(after), Is.Empty);
            var check = await harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
            Assert.That(check.Findings, Is.Empty);

            // The rebuilt engine answers a retransmission with its first answer, and decides on the rebuilt state.
            var repeat = await harness.DecideAsync(harness.Purchase(first, 1_200, kept));
            Assert.That(repeat.IsRetransmission, Is.True);
            Assert.That((await harness.DecideAsync(harness.Purchase(second, 100))).ResponseCode, Is.EqualTo(ResponseCode.RestrictedCard));
            Assert.That((await harness.DecideAsync(harness.Purchase(first, 25_000))).ResponseCode, Is.EqualTo(ResponseCode.ExceedsAmountLimit));
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }
}
