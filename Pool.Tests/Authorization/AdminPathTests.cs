using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Authorization;

/// <summary>Issue 5: a change made through the admin API goes through the engine and applies to the next authorization.</summary>
[TestFixture]
public sealed class AdminPathTests
{
    private EngineHostHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await EngineHostHarness.StartOnNewDatabaseAsync(nameof(AdminPathTests));

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [Test]
    public async Task Deposit_AppliesToTheNextAuthorization()
    {
        var card = await _harness.NewCardAsync(depositMinor: 1_000);
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 5_000))).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));

        using var deposit = await _harness.DepositAsync(card.CardholderId, 10_000);

        Assert.That(deposit.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var balance = (await deposit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance");
        Assert.That(balance.GetProperty("available").GetInt64(), Is.EqualTo(11_000));
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 5_000))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public async Task Withdrawal_AboveAvailable_Is422_BecauseOfAHoldTheEngineHolds()
    {
        var card = await _harness.NewCardAsync(depositMinor: 1_000);
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 600))).ResponseCode, Is.EqualTo(ResponseCode.Approved));

        using var refused = await _harness.WithdrawAsync(card.CardholderId, 500);
        using var allowed = await _harness.WithdrawAsync(card.CardholderId, 400);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:insufficient-funds"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 1))).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds), "available is now 0");
    }

    [Test]
    public async Task Deposit_RepeatedWithItsKey_MovesTheMoneyOnce()
    {
        var card = await _harness.NewCardAsync(depositMinor: 1_000);
        var key = "repeat-" + Guid.NewGuid().ToString("N");

        using var first = await _harness.DepositAsync(card.CardholderId, 2_000, key);
        using var second = await _harness.DepositAsync(card.CardholderId, 2_000, key);

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)));
        var balance = await _harness.BalanceAsync(card.CardholderId);
        Assert.That(balance.GetProperty("posted").GetInt64(), Is.EqualTo(3_000));
        Assert.That(_harness.EngineHost.Catalog.TryGetAccount(card.CardholderId, out var account) && _harness.Engine.State.TryGetBalance(account, out var posted, out _) ? posted : -1, Is.EqualTo(3_000));
    }

    [Test]
    public async Task StatusChange_AppliesToTheNextAuthorization()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);

        using (var frozen = await _harness.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/status", new { status = "frozen" }))
        {
            Assert.That(frozen.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100))).ResponseCode, Is.EqualTo(ResponseCode.RestrictedCard));

        using (var active = await _harness.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/status", new { status = "active" }))
        {
            Assert.That(active.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100))).ResponseCode, Is.EqualTo(ResponseCode.Approved));

        using (var lost = await _harness.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/status", new { status = "lost" }))
        {
            Assert.That(lost.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100))).ResponseCode, Is.EqualTo(ResponseCode.LostCard));
    }

    [Test]
    public async Task ControlsChange_AppliesToTheNextAuthorization()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);

        using var controls = await _harness.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/controls", new
        {
            perTransactionLimit = (long?)null, dailyLimit = (long?)null, monthlyLimit = (long?)null, dailyCount = (int?)null,
            blockedMccs = new[] { "5499" }, allowEcommerce = true, allowInternational = true, allowCash = true,
        });

        Assert.That(controls.StatusCode, Is.EqualTo(HttpStatusCode.OK), await controls.Content.ReadAsStringAsync());
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100, mcc: 5499))).ResponseCode, Is.EqualTo(ResponseCode.NotPermitted));
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100, mcc: 5411))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }
}
