using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Authorization;

/// <summary>GET /api/authorizations (admin-api.md §3): shape, statuses, newest first, cursor paging.</summary>
[TestFixture]
public sealed class AuthorizationsApiTests
{
    private EngineHostHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await EngineHostHarness.StartOnNewDatabaseAsync(nameof(AuthorizationsApiTests));

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [Test]
    public async Task List_ByCard_HasTheSpecShape_NewestFirst_WithDerivedStatuses()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var kept = EngineHostHarness.NextKey();
        var partly = EngineHostHarness.NextKey();
        var fully = EngineHostHarness.NextKey();
        await _harness.DecideAsync(_harness.Purchase(card, 1_200, kept));
        await _harness.DecideAsync(_harness.Purchase(card, 3_000, partly));
        await _harness.DecideAsync(_harness.Purchase(card, 2_000, fully));
        await _harness.DecideAsync(_harness.Purchase(card, 50_000));
        await _harness.DecideAsync(_harness.Reversal(card, partly, replacementMinor: 1_000));
        await _harness.DecideAsync(_harness.Reversal(card, fully));

        var page = await _harness.Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/authorizations?cardId={card.CardId}");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.That(items, Has.Count.EqualTo(6));
        Assert.That(page.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var first = items[^1];
        Assert.That(first.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[]
        {
            "id", "cardId", "mti", "amount", "currency", "billingAmount", "responseCode", "approvalCode", "status", "merchantName", "mcc", "createdAt",
        }));
        Assert.That(first.GetProperty("cardId").GetString(), Is.EqualTo(card.CardId));
        Assert.That(first.GetProperty("mti").GetString(), Is.EqualTo("0100"));
        Assert.That(first.GetProperty("amount").GetInt64(), Is.EqualTo(1_200));
        Assert.That(first.GetProperty("currency").GetString(), Is.EqualTo("392"));
        Assert.That(first.GetProperty("billingAmount").GetInt64(), Is.EqualTo(1_200));
        Assert.That(first.GetProperty("responseCode").GetString(), Is.EqualTo("00"));
        Assert.That(first.GetProperty("approvalCode").GetString(), Has.Length.EqualTo(6));
        Assert.That(first.GetProperty("merchantName").GetString(), Is.EqualTo("SEVEN MART SHIBUYA"));
        Assert.That(first.GetProperty("mcc").GetString(), Is.EqualTo("5499"));
        Assert.That(items.Select(i => i.GetProperty("status").GetString()), Is.EqualTo(new[]
        {
            "reversed", "reversed", "declined", "reversed", "partially-reversed", "approved",
        }));
        Assert.That(items.Select(i => i.GetProperty("mti").GetString()), Is.EqualTo(new[] { "0400", "0400", "0100", "0100", "0100", "0100" }));
        Assert.That(items[2].GetProperty("responseCode").GetString(), Is.EqualTo("51"));
        Assert.That(items[2].GetProperty("approvalCode").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task List_ByCardholder_PagesWithACursor_AndGetFindsOne()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 100 + i))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        }

        var viewer = _harness.Host.Viewer();
        var amounts = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations?cardholderId={card.CardholderId}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            amounts.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("amount").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.That(amounts, Is.EqualTo(new long[] { 104, 103, 102, 101, 100 }));
        Assert.That(pages, Is.EqualTo(3));

        var newest = (await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations?cardId={card.CardId}&limit=1")).GetProperty("items")[0];
        var one = await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations/{newest.GetProperty("id").GetString()}");
        Assert.That(one.GetProperty("amount").GetInt64(), Is.EqualTo(104));
        using var missing = await viewer.GetAsync("/api/authorizations/auth_999999999");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var anonymous = await _harness.Host.Client(null).GetAsync($"/api/authorizations?cardId={card.CardId}");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
