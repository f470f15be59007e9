using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Cli;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>
/// hold-expiry (ARCHITECTURE §3, docs/jobs.md): holds older than 7 days are released through the engine, those of
/// lodging, car rental and cruise MCCs after 31; the authorization lists as expired and the engine's available
/// balance rises by the hold. A standby instance cannot release holds: its run fails with a transient error.
/// </summary>
[TestFixture]
public sealed class HoldExpiryJobTests : ProductJobsFixture
{
    [Test, Order(1)]
    public async Task HoldsPast7Days_AreReleased_AndLodgingCarRentalAndCruiseHoldsAfter31()
    {
        AtTokyo(2026, 9, 2, 12);
        var card = await Harness.NewCardAsync(depositMinor: 100_000);
        var accountId = (await Accounts.FindDepositAccountAsync(card.CardholderId, CancellationToken.None))!.Value;
        foreach (var (amountMinor, mcc) in new (long, short)[] { (3_000, 5499), (20_000, 7011), (10_000, 3400), (5_000, 4411) })
        {
            Assert.That((await Harness.DecideAsync(Harness.Purchase(card, amountMinor, mcc: mcc))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        }

        Assert.That(Available(accountId), Is.EqualTo(62_000));

        AtTokyo(2026, 9, 9, 11); // 6 days 23 hours
        var early = await RunJobAsync("hold-expiry");
        AtTokyo(2026, 9, 9, 13); // 7 days 1 hour
        var week = await RunJobAsync("hold-expiry");
        var weekAvailable = Available(accountId);
        var weekStatuses = await StatusesAsync(card.CardId);
        AtTokyo(2026, 10, 3, 11); // 30 days 23 hours
        var month = await RunJobAsync("hold-expiry");
        AtTokyo(2026, 10, 3, 13); // 31 days 1 hour
        var longHolds = await RunJobAsync("hold-expiry");

        Assert.That(early.ExitCode, Is.Zero, early.ToString());
        Assert.That(early.Output, Does.Contain("released 0 holds"));
        Assert.That(week.Output, Does.Contain("released 1 holds"), week.ToString());
        Assert.That(weekAvailable, Is.EqualTo(65_000), "the 3,000 yen grocery hold (MCC 5499) is released");
        Assert.That(weekStatuses, Is.EquivalentTo(new[] { "expired", "approved", "approved", "approved" }));
        Assert.That(month.Output, Does.Contain("released 0 holds"));
        Assert.That(longHolds.Output, Does.Contain("released 3 holds"), longHolds.ToString());
        Assert.That(Available(accountId), Is.EqualTo(100_000), "lodging 7011, car rental 3400 and cruise 4411 are released after 31 days");
        Assert.That(await StatusesAsync(card.CardId), Is.All.EqualTo("expired"));
        var check = await Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
        Assert.That(check.Findings, Is.Empty);
    }

    [Test, Order(2)]
    public async Task OnAStandbyInstance_TheRunFails_WithATransientErrorThatSaysWhy()
    {
        await using var standby = await TestHost.StartAsync(Harness.ConnectionString, new Dictionary<string, string?> { ["Jobs:Retry:MaxAttempts"] = "1" });
        using var error = new StringWriter();

        var exitCode = await JobVerbs.RunAsync(new CliContext(standby.Services, ["hold-expiry"], TextWriter.Null, error), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("JobTransientException").And.Contain("not active on this instance"));
    }

    private long Available(long accountId)
    {
        Assert.That(Harness.Engine.State.TryGetBalance(accountId, out var posted, out var held), Is.True);
        return posted - held;
    }

    private async Task<string[]> StatusesAsync(string cardId)
    {
        var page = await Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/authorizations?cardId={cardId}");
        return page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("status").GetString()!).ToArray();
    }
}
