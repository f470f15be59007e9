using System.Diagnostics;
using System.Net;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Authorization.Engine;

namespace Pool.Tests.Authorization;

/// <summary>Active/standby on one database (ARCHITECTURE §5): one lease, one deciding engine, takeover within seconds.</summary>
[TestFixture]
public sealed class FailoverTests
{
    [Test]
    public async Task TwoHosts_OnlyOneIsActive_AndTheStandbyTakesOverWithEveryAcknowledgedHold()
    {
        var connectionString = await Infrastructure.TestDatabase.CreateAsync(nameof(FailoverTests));
        EngineHostHarness? active = await EngineHostHarness.StartAsync(connectionString);
        var standby = await EngineHostHarness.StartAsync(connectionString);
        try
        {
            Assert.That(active.EngineHost.Role, Is.EqualTo(EngineRole.Active));
            Assert.That(standby.EngineHost.Role, Is.EqualTo(EngineRole.Standby));
            Assert.That(await StatusAsync(active, "/health/link"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await StatusAsync(standby, "/health/link"), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await StatusAsync(standby, "/health/ready"), Is.EqualTo(HttpStatusCode.OK), "a standby is ready (to take over)");

            var card = await active.NewCardAsync(depositMinor: 20_000);
            var acknowledged = new List<TransactionKey>();
            for (var i = 0; i < 5; i++)
            {
                var key = EngineHostHarness.NextKey();
                Assert.That((await active.DecideAsync(active.Purchase(card, 1_000 + i, key))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
                acknowledged.Add(key);
            }

            var standbyAnswer = await standby.ExchangeOverTcpAsync(EngineHostHarness.TcpPurchase(card, 500, stan: 900_001));
            Assert.That(standbyAnswer[39], Is.EqualTo("91"), "the standby's link cannot decide");
            using (var deposit = await standby.DepositAsync(card.CardholderId, 1_000))
            {
                Assert.That(deposit.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "admin writes need the engine");
            }

            var accountId = AccountOf(active, card);
            var stopwatch = Stopwatch.StartNew();
            await active.DisposeAsync();
            active = null;
            await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(standby.EngineHost.Role == EngineRole.Active), "the standby to become active", timeoutMs: 10_000);
            TestContext.Out.WriteLine($"Takeover took {stopwatch.ElapsedMilliseconds} ms after the active host began stopping.");

            Assert.That(await StatusAsync(standby, "/health/link"), Is.EqualTo(HttpStatusCode.OK));
            foreach (var key in acknowledged)
            {
                Assert.That(standby.Engine.State.TryGetHold(accountId, key, out var hold) && hold.AmountMinor > 0, Is.True, $"hold {key} survives the failover");
            }

            var answer = await standby.ExchangeOverTcpAsync(EngineHostHarness.TcpPurchase(card, 500, stan: 900_002));
            Assert.That(answer[39], Is.EqualTo("00"), "the new active instance decides");
            Assert.That(standby.Engine.Epoch, Is.EqualTo(2));
        }
        finally
        {
            await standby.DisposeAsync();
            if (active is not null)
            {
                await active.DisposeAsync();
            }
        }
    }

    private static long AccountOf(EngineHostHarness harness, TestCard card) =>
        harness.EngineHost.Catalog.TryGetAccount(card.CardholderId, out var account) ? account : 0;

    private static async Task<HttpStatusCode> StatusAsync(EngineHostHarness harness, string path)
    {
        using var response = await harness.Host.Client(null).GetAsync(path);
        return response.StatusCode;
    }
}
