using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Authorization;

/// <summary>GET /api/authorizations (admin-api.md §3): shape, statuses, newest first, cursor paging; the added filters, balance at decision and related messages.</summary>
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
            "availableAtDecision", // added to the spec's fields (docs/engine.md)
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

    [Test]
    public async Task AvailableAtDecision_IsTheBalanceTheDecisionWasTakenAgainst_EvenAfterALaterDeposit()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 1_200))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 9_000))).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
        using (var deposit = await _harness.DepositAsync(card.CardholderId, 50_000))
        {
            Assert.That(deposit.IsSuccessStatusCode, Is.True, await deposit.Content.ReadAsStringAsync());
        }

        Assert.That((await _harness.BalanceAsync(card.CardholderId)).GetProperty("available").GetInt64(), Is.EqualTo(58_800));
        var items = (await _harness.Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/authorizations?cardId={card.CardId}")).GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("responseCode").GetString()), Is.EqualTo(new[] { "51", "00" }));
        Assert.That(items[0].GetProperty("availableAtDecision").GetInt64(), Is.EqualTo(8_800), "the 51 was decided against 10,000 − 1,200 held");
        Assert.That(items[1].GetProperty("availableAtDecision").GetInt64(), Is.EqualTo(10_000), "the approval was decided against the whole deposit");

        var one = await _harness.Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/authorizations/{items[0].GetProperty("id").GetString()}");
        Assert.That(one.GetProperty("availableAtDecision").GetInt64(), Is.EqualTo(8_800));
    }

    [Test]
    public async Task AvailableAtDecision_IsNull_ForAnUnknownCard()
    {
        var card = await _harness.NewCardAsync(depositMinor: 1_000);
        var request = _harness.Purchase(card, 100) with { PanHash = _harness.PanHash("4000000000000002") };
        Assert.That((await _harness.DecideAsync(request)).ResponseCode, Is.EqualTo(ResponseCode.InvalidCardNumber));

        var logged = await _harness.ScalarAsync("SELECT count(*) FROM \"authorization\".log WHERE response_code = 14 AND available_at_decision IS NULL");
        Assert.That(logged, Is.GreaterThanOrEqualTo(1));
        var notNull = await _harness.ScalarAsync("SELECT count(*) FROM \"authorization\".log WHERE response_code = 14 AND available_at_decision IS NOT NULL");
        Assert.That(notNull, Is.Zero);
    }

    [Test]
    public async Task Filters_ByResponseCode_Status_AndTime_KeepPaging()
    {
        var card = await _harness.NewCardAsync(depositMinor: 5_000);
        var reversed = EngineHostHarness.NextKey();
        await _harness.DecideAsync(_harness.Purchase(card, 1_000, reversed));
        await _harness.DecideAsync(_harness.Purchase(card, 1_000));
        await _harness.DecideAsync(_harness.Purchase(card, 50_000));
        await _harness.DecideAsync(_harness.Purchase(card, 40_000));
        await _harness.DecideAsync(_harness.Reversal(card, reversed));
        var viewer = _harness.Host.Viewer();

        async Task<List<JsonElement>> ListAsync(string query) =>
            (await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations?cardId={card.CardId}&{query}")).GetProperty("items").EnumerateArray().ToList();

        var declined = await ListAsync("responseCode=51");
        Assert.That(declined.Select(i => i.GetProperty("amount").GetInt64()), Is.EqualTo(new long[] { 40_000, 50_000 }));
        var firstPage = await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations?cardId={card.CardId}&responseCode=51&limit=1");
        Assert.That(firstPage.GetProperty("items")[0].GetProperty("amount").GetInt64(), Is.EqualTo(40_000));
        var second = await ListAsync($"responseCode=51&limit=1&cursor={firstPage.GetProperty("nextCursor").GetString()}");
        Assert.That(second.Select(i => i.GetProperty("amount").GetInt64()), Is.EqualTo(new long[] { 50_000 }));

        Assert.That((await ListAsync("status=reversed")).Select(i => i.GetProperty("mti").GetString()), Is.EquivalentTo(new[] { "0400", "0100" }));
        Assert.That((await ListAsync("status=approved")).Select(i => i.GetProperty("amount").GetInt64()), Is.EqualTo(new long[] { 1_000 }));
        Assert.That(await ListAsync("status=declined&responseCode=00"), Is.Empty);
        foreach (var status in new[] { "approved", "declined", "reversed" })
        {
            Assert.That((await ListAsync($"status={status}")).Select(i => i.GetProperty("status").GetString()), Is.All.EqualTo(status));
        }

        var all = await ListAsync("limit=100");
        var newestAt = all[0].GetProperty("createdAt").GetDateTimeOffset();
        var oldestAt = all[^1].GetProperty("createdAt").GetDateTimeOffset();
        var since = Uri.EscapeDataString(oldestAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var until = Uri.EscapeDataString(newestAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(await ListAsync($"from={since}"), Has.Count.EqualTo(all.Count), "from is inclusive");
        Assert.That((await ListAsync($"to={until}")).Select(i => i.GetProperty("id").GetString()), Does.Not.Contain(all[0].GetProperty("id").GetString()), "to is exclusive");
        Assert.That(await ListAsync("from=2001-01-01T00:00:00%2B09:00&to=2001-01-02T00:00:00%2B09:00"), Is.Empty);
    }

    [TestCase("responseCode=5", "responseCode")]
    [TestCase("responseCode=ab", "responseCode")]
    [TestCase("status=pending", "status")]
    [TestCase("from=yesterday", "from")]
    [TestCase("from=2026-11-25T00:00:00", "from")]
    [TestCase("to=2026-13-01T00:00:00Z", "to")]
    [TestCase("from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z", "to")]
    public async Task Filters_RefuseBadInput_NamingTheField(string query, string field)
    {
        using var answer = await _harness.Host.Viewer().GetAsync($"/api/authorizations?{query}");

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Does.StartWith("urn:pool:problem:"));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { field }));
    }

    [Test]
    public async Task Detail_ListsTheTransactionsOtherMessages_BothWays()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var key = EngineHostHarness.NextKey();
        await _harness.DecideAsync(_harness.Purchase(card, 3_000, key));
        await _harness.DecideAsync(_harness.Purchase(card, 500));
        await _harness.DecideAsync(_harness.Reversal(card, key, replacementMinor: 1_000));
        await _harness.DecideAsync(_harness.Reversal(card, key));
        var viewer = _harness.Host.Viewer();
        var items = (await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations?cardId={card.CardId}")).GetProperty("items").EnumerateArray().ToList();
        var purchaseId = items[^1].GetProperty("id").GetString();
        var fullReversalId = items[0].GetProperty("id").GetString();

        var purchase = await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations/{purchaseId}");
        var related = purchase.GetProperty("related").EnumerateArray().ToList();
        Assert.That(related.Select(r => r.GetProperty("relation").GetString()), Is.EqualTo(new[] { "reversal", "reversal" }));
        Assert.That(related.Select(r => r.GetProperty("message").GetProperty("mti").GetString()), Is.EqualTo(new[] { "0400", "0400" }));
        Assert.That(related[1].GetProperty("message").GetProperty("id").GetString(), Is.EqualTo(fullReversalId));

        var reversal = await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations/{fullReversalId}");
        var back = reversal.GetProperty("related").EnumerateArray().ToList();
        Assert.That(back.Select(r => r.GetProperty("relation").GetString()), Is.EqualTo(new[] { "original", "reversal" }));
        Assert.That(back[0].GetProperty("message").GetProperty("id").GetString(), Is.EqualTo(purchaseId));
        Assert.That(back[0].GetProperty("message").GetProperty("amount").GetInt64(), Is.EqualTo(3_000));

        var unrelated = await viewer.GetFromJsonAsync<JsonElement>($"/api/authorizations/{items[^2].GetProperty("id").GetString()}");
        Assert.That(unrelated.GetProperty("related").GetArrayLength(), Is.Zero);
    }
}
