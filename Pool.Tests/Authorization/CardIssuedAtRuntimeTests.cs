using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Authorization;

/// <summary>
/// Issue 5 / docs/engine.md "Cards issued at runtime": a card issued (or replaced) through the admin API
/// joins the running engine without a reload, while the link keeps answering every other card.
/// </summary>
[TestFixture]
public sealed class CardIssuedAtRuntimeTests
{
    private EngineHostHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await EngineHostHarness.StartOnNewDatabaseAsync(nameof(CardIssuedAtRuntimeTests));

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [Test]
    public async Task CardIssued_WhileTheLinkServesTraffic_IsDecidedAtOnce_AndOthersNeverSee91()
    {
        var busy = await _harness.NewCardAsync(depositMinor: 1_000_000);
        var engine = _harness.Engine;
        using var stop = new CancellationTokenSource();
        var answers = new ConcurrentQueue<string>();
        var traffic = Task.Run(async () =>
        {
            var stan = 700_000;
            while (!stop.IsCancellationRequested)
            {
                var answer = await _harness.ExchangeOverTcpAsync(EngineHostHarness.TcpPurchase(busy, 1, ++stan % 1_000_000));
                answers.Enqueue(answer[39]);
            }
        });
        await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(answers.Count >= 5), "traffic on the link");

        var issued = new List<TestCard>();
        for (var i = 0; i < 3; i++)
        {
            var card = await _harness.NewCardAsync(depositMinor: 10_000);
            issued.Add(card);
            Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 1_000))).ResponseCode, Is.EqualTo(ResponseCode.Approved), "decided, not 14 or 91");
            var tcp = await _harness.ExchangeOverTcpAsync(EngineHostHarness.TcpPurchase(card, 500, 900_000 + i));
            Assert.That(tcp[39], Is.EqualTo("00"), "over the link too");
        }

        var seen = answers.Count;
        await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(answers.Count >= seen + 5), "traffic after the issues");
        await stop.CancelAsync();
        await traffic;

        Assert.That(answers.Distinct(), Is.EqualTo(new[] { "00" }), "the busy card was approved throughout: never 91");
        Assert.That(_harness.Engine, Is.SameAs(engine), "no reload: the same engine serves before and after");
    }

    [Test]
    public async Task Replacement_OfALostCard_IsDecidedWithoutReload_WithTheOldCardsControls()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        using (var controls = await _harness.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/controls", new
        {
            perTransactionLimit = 2_000L, dailyLimit = (long?)null, monthlyLimit = (long?)null, dailyCount = (int?)null,
            blockedMccs = Array.Empty<string>(), allowEcommerce = true, allowInternational = true, allowCash = true,
        }))
        {
            Assert.That(controls.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var lost = await _harness.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/status", new { status = "lost" }))
        {
            Assert.That(lost.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var engine = _harness.Engine;
        using var response = await _harness.Host.Operator().SendAsync(EngineHostHarness.Post($"/api/cards/{card.CardId}/replacement", new { }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var replacement = new TestCard(card.CardholderId, body.GetProperty("id").GetString()!, body.GetProperty("pan").GetString()!, body.GetProperty("expiry").GetString()!);

        Assert.That((await _harness.DecideAsync(_harness.Purchase(replacement, 1_500))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That((await _harness.DecideAsync(_harness.Purchase(replacement, 2_500))).ResponseCode, Is.EqualTo(ResponseCode.ExceedsAmountLimit), "the old card's limit carried over");
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100))).ResponseCode, Is.EqualTo(ResponseCode.LostCard));
        Assert.That(_harness.Engine, Is.SameAs(engine), "no reload");
    }

    [Test]
    public async Task CardIssued_ToACardholderWithoutDepositAccount_OpensOne_AndIsDecided()
    {
        // A cardholder row without its ledger account (e.g. written before the ledger existed).
        var cardholderId = "ch_noaccount" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(_harness.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO cards.cardholders (id, name, created_at) VALUES (@id, 'No Account', now())", connection);
            insert.Parameters.AddWithValue("id", cardholderId);
            await insert.ExecuteNonQueryAsync();
        }

        using var issue = await _harness.Host.Operator().SendAsync(EngineHostHarness.Post($"/api/cardholders/{cardholderId}/cards", new { }));
        Assert.That(issue.StatusCode, Is.EqualTo(HttpStatusCode.Created), await issue.Content.ReadAsStringAsync());
        var body = await issue.Content.ReadFromJsonAsync<JsonElement>();
        var card = new TestCard(cardholderId, body.GetProperty("id").GetString()!, body.GetProperty("pan").GetString()!, body.GetProperty("expiry").GetString()!);

        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100))).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds), "decided on an empty account, not 14");
        using var deposit = await _harness.DepositAsync(cardholderId, 5_000);
        Assert.That(deposit.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deposit.Content.ReadAsStringAsync());
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(await _harness.ScalarAsync($"SELECT count(*) FROM ledger.accounts WHERE cardholder_id = '{cardholderId}'"), Is.EqualTo(1));
    }
}
