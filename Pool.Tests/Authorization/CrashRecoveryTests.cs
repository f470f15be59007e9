using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Authorization;

/// <summary>
/// Link spec §7: after an approval has been sent, no crash may lose its hold. The host runs as a separate
/// process, is killed (SIGKILL) under load, and a new host on the same database must hold every approval
/// the network saw, once.
/// </summary>
[TestFixture]
public sealed class CrashRecoveryTests
{
    private const string Acquirer = "123456";

    [Test]
    public async Task KilledUnderLoad_EveryApprovalTheNetworkSaw_HasItsHoldOnce_AndTheLedgerBalances()
    {
        var connectionString = await TestDatabase.CreateAsync(nameof(CrashRecoveryTests));
        var approved = new ConcurrentDictionary<string, long>();
        TestCard card;
        await using (var process = await HostProcess.StartAsync(connectionString))
        {
            card = await HostProcessCards.NewCardAsync(process, depositMinor: 100_000_000, "Crash Test");
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 4).Select(connection => Task.Run(() => SendPurchasesAsync(process, card, connection, approved, stop.Token))).ToList();
            await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(approved.Count >= 300), "300 approvals under load", timeoutMs: 60_000);

            process.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        TestContext.Out.WriteLine($"{approved.Count} approvals seen by the network before the kill.");
        await using var harness = await EngineHostHarness.StartAsync(connectionString);
        var accountId = harness.EngineHost.Catalog.TryGetAccount(card.CardholderId, out var account) ? account : 0;
        foreach (var (stan, amount) in approved)
        {
            var where = $"acquirer_id = {Acquirer} AND stan = {stan} AND transmitted_at = 1124120000";
            Assert.That(await harness.ScalarAsync($"SELECT count(*) FROM \"authorization\".holds WHERE {where} AND state = 1 AND amount = {amount}"), Is.EqualTo(1), $"hold of STAN {stan}");
            Assert.That(await harness.ScalarAsync($"SELECT count(*) FROM \"authorization\".log WHERE {where} AND kind = 1"), Is.EqualTo(1), $"STAN {stan} decided once");
            Assert.That(await harness.ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE idempotency_key LIKE 'auth:hold:{Acquirer}:{int.Parse(stan, CultureInfo.InvariantCulture)}:1124120000:v%'"), Is.EqualTo(1), $"one pending transfer for STAN {stan}");
        }

        var held = await harness.ScalarAsync($"SELECT coalesce(sum(amount), 0) FROM \"authorization\".holds WHERE account_id = {accountId} AND state = 1");
        Assert.That(harness.Engine.State.TryGetBalance(accountId, out _, out var engineHeld) ? engineHeld : -1, Is.EqualTo(held), "the restarted engine holds what the journal holds");
        var check = await harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
        Assert.That(check.Findings, Is.Empty);
    }

    private static async Task SendPurchasesAsync(HostProcess process, TestCard card, int connection, ConcurrentDictionary<string, long> approved, CancellationToken stop)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(process.LinkEndPoint, stop);
            var stream = client.GetStream();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var stan = ((connection * 200_000) + i + 1).ToString("D6", CultureInfo.InvariantCulture);
                var amount = 10 + (i % 7);
                await stream.WriteAsync(EngineHostHarness.TcpPurchase(card, amount, int.Parse(stan, CultureInfo.InvariantCulture)).ToFrame(), stop);
                var header = new byte[2];
                await stream.ReadExactlyAsync(header, stop);
                var body = new byte[(header[0] << 8) | header[1]];
                await stream.ReadExactlyAsync(body, stop);
                var answer = SpecMessage.Parse(body);
                if (answer[39] == "00")
                {
                    approved[answer[11]] = amount;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or EndOfStreamException)
        {
            // The host was killed: the connection ends here.
        }
    }
}
