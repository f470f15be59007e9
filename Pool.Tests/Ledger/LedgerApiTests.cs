using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>The ledger's endpoints (admin-api.md §3): shapes, roles, validation, refusals, paging, idempotency.</summary>
[TestFixture]
public sealed class LedgerApiTests : LedgerFixture
{
    [Test]
    public async Task Deposit_Is201_WithTheBalance()
    {
        var (cardholder, _) = await NewCardholderAsync();

        using var response = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":1200}""", Key("http")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var balance = body.GetProperty("balance");
        Assert.That((balance.GetProperty("posted").GetInt64(), balance.GetProperty("held").GetInt64(), balance.GetProperty("available").GetInt64()), Is.EqualTo((1200L, 0L, 1200L)));
        Assert.That(body.GetProperty("transferId").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task Withdrawal_Is201_WithTheBalance()
    {
        var (cardholder, _) = await NewCardholderAsync(depositMinor: 5_000);

        using var response = await Host.Admin().SendAsync(Post($"/api/cardholders/{cardholder}/withdrawals", """{"amount":2000}""", Key("http")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var balance = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance");
        Assert.That(balance.GetProperty("available").GetInt64(), Is.EqualTo(3_000));
    }

    [Test]
    public async Task Withdrawal_AboveAvailable_IsRefusedWith422()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 5_000);
        await CreateAsync(TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 1_000, TransferCode.AuthorizationHold));

        using var response = await Host.Admin().SendAsync(Post($"/api/cardholders/{cardholder}/withdrawals", """{"amount":4001}""", Key("http")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:insufficient-funds"));
        Assert.That(problem.GetProperty("available").GetInt64(), Is.EqualTo(4_000));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(5_000, 1_000, 4_000)));
    }

    [Test]
    public async Task Withdrawal_ByAnOperator_IsForbidden()
    {
        var (cardholder, _) = await NewCardholderAsync(depositMinor: 5_000);

        using var response = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/withdrawals", """{"amount":100}""", Key("http")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(5_000, 0, 5_000)));
    }

    [Test]
    public async Task Deposit_ByAViewer_IsForbidden()
    {
        var (cardholder, _) = await NewCardholderAsync();

        using var response = await Host.Viewer().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":100}""", Key("http")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    // Each body breaks the amount rule in its own way: an integer of yen from 1 to 999,999,999,999 (ISO 8583 DE4 width).
    [TestCase("""{"amount":0}""", TestName = "Deposit_OfZero_Is400NamingAmount")]
    [TestCase("""{"amount":-5}""", TestName = "Deposit_Negative_Is400NamingAmount")]
    [TestCase("""{"amount":12.5}""", TestName = "Deposit_WithAFraction_Is400NamingAmount")]
    [TestCase("""{"amount":1e3}""", TestName = "Deposit_InExponentForm_Is400NamingAmount")]
    [TestCase("""{"amount":"100"}""", TestName = "Deposit_AsAString_Is400NamingAmount")]
    [TestCase("""{"amount":1000000000000}""", TestName = "Deposit_OfThirteenDigits_Is400NamingAmount")]
    [TestCase("""{"amount":null}""", TestName = "Deposit_OfNull_Is400NamingAmount")]
    [TestCase("""{}""", TestName = "Deposit_WithoutAmount_Is400NamingAmount")]
    public async Task Deposit_WithAnInvalidAmount_Is400NamingAmount(string body)
    {
        var (cardholder, _) = await NewCardholderAsync();

        using var response = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", body, Key("http")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:validation"));
        Assert.That(problem.GetProperty("errors").TryGetProperty("amount", out _), Is.True);
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(0, 0, 0)));
    }

    [Test]
    public async Task Deposit_OfTwelveDigits_Is201()
    {
        var (cardholder, _) = await NewCardholderAsync();

        using var response = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":999999999999}""", Key("http")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Withdrawal_WithAnInvalidAmount_Is400NamingAmount()
    {
        var (cardholder, _) = await NewCardholderAsync(depositMinor: 100);

        using var response = await Host.Admin().SendAsync(Post($"/api/cardholders/{cardholder}/withdrawals", """{"amount":0}""", Key("http")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty("amount", out _), Is.True);
    }

    [TestCase("deposits", TestName = "Deposit_ForAnUnknownCardholder_Is404")]
    [TestCase("withdrawals", TestName = "Withdrawal_ForAnUnknownCardholder_Is404")]
    public async Task Movement_ForAnUnknownCardholder_Is404(string movement)
    {
        using var response = await Host.Admin().SendAsync(Post($"/api/cardholders/ch_unknown/{movement}", """{"amount":100}""", Key("http")));

        await AssertNotFoundAsync(response);
    }

    [TestCase("balance", TestName = "Balance_OfAnUnknownCardholder_Is404")]
    [TestCase("ledger", TestName = "Ledger_OfAnUnknownCardholder_Is404")]
    public async Task Read_ForAnUnknownCardholder_Is404(string what)
    {
        using var response = await Host.Viewer().GetAsync($"/api/cardholders/ch_unknown/{what}");

        await AssertNotFoundAsync(response);
    }

    [Test]
    public async Task Balance_ShowsPostedHeldAndAvailable_ToAViewer()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 5_000);
        await CreateAsync(TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 1_500, TransferCode.AuthorizationHold));

        using var response = await Host.Viewer().GetAsync($"/api/cardholders/{cardholder}/balance");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"posted":5000,"held":1500,"available":3500}"""));
    }

    [Test]
    public async Task LedgerEntries_AreNewestFirst_WithKindDirectionAndStatus()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 5_000);
        var held = Key("hold");
        var released = Key("hold");
        await CreateBatchAsync(
        [
            TransferRequest.Pending(held, account, SystemAccounts.NetworkSettlement, 1_000, TransferCode.AuthorizationHold, reference: "auth_1"),
            TransferRequest.Pending(released, account, SystemAccounts.NetworkSettlement, 300, TransferCode.AuthorizationHold, reference: "auth_2"),
            TransferRequest.PostPending(Key("post"), held, 900, TransferCode.Purchase, reference: "arn_1"),
            TransferRequest.VoidPending(Key("void"), released, TransferCode.HoldRelease, reference: "auth_2"),
            TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 200, TransferCode.AuthorizationHold, reference: "auth_3"),
        ]);

        using var response = await Host.Viewer().GetAsync($"/api/cardholders/{cardholder}/ledger");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        var summary = items.Select(i => $"{i.GetProperty("kind").GetString()} {i.GetProperty("amount").GetInt64()} {i.GetProperty("direction").GetString()} {i.GetProperty("status").GetString()} {i.GetProperty("reference").GetString()}");
        Assert.That(summary, Is.EqualTo(new[]
        {
            "hold 200 debit pending auth_3",
            "hold-release 300 debit voided auth_2",
            "purchase 900 debit posted arn_1",
            "hold 300 debit voided auth_2",
            "hold 1000 debit posted auth_1",
            "deposit 5000 credit posted ",
        }));
        Assert.That(page.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(items[2].GetProperty("pendingId").GetString(), Is.EqualTo(items[4].GetProperty("id").GetString()));
        Assert.That(items[0].GetProperty("at").GetString(), Does.EndWith("+00:00").Or.EndWith("Z"));
    }

    [Test]
    public async Task LedgerEntries_ArePagedByCursor_WithoutGapsOrRepeats()
    {
        var (cardholder, _) = await NewCardholderAsync();
        for (var i = 1; i <= 7; i++)
        {
            await Accounts.DepositAsync(cardholder, i, Key("deposit"), CancellationToken.None);
        }

        var amounts = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/cardholders/{cardholder}/ledger?limit=3" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await Host.Viewer().GetFromJsonAsync<JsonElement>(url);
            amounts.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("amount").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.That(amounts, Is.EqualTo(new long[] { 7, 6, 5, 4, 3, 2, 1 }));
        Assert.That(pages, Is.EqualTo(3));
    }

    [TestCase("?limit=0", "limit", TestName = "Ledger_WithLimitZero_Is400NamingLimit")]
    [TestCase("?limit=501", "limit", TestName = "Ledger_WithLimitAbove500_Is400NamingLimit")]
    [TestCase("?cursor=abc", "cursor", TestName = "Ledger_WithAForeignCursor_Is400NamingCursor")]
    public async Task Ledger_WithBadPaging_Is400(string query, string field)
    {
        var (cardholder, _) = await NewCardholderAsync();

        using var response = await Host.Viewer().GetAsync($"/api/cardholders/{cardholder}/ledger{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [Test]
    public async Task Deposit_RepeatedWithTheSameIdempotencyKey_MovesMoneyOnce()
    {
        var (cardholder, _) = await NewCardholderAsync();
        var key = Key("http");

        using var first = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":800}""", key));
        using var second = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":800}""", key));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(800, 0, 800)));
    }

    [Test]
    public async Task Deposit_Repeated_AfterTheReplayStoreLostTheAnswer_StillMovesMoneyOnce()
    {
        var (cardholder, _) = await NewCardholderAsync();
        var key = Key("http");
        using var first = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":800}""", key));
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("DELETE FROM access.idempotent_requests WHERE idempotency_key = @key", new { key });
        }

        using var second = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":800}""", key));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(secondBody.GetProperty("transferId").GetString(), Is.EqualTo(firstBody.GetProperty("transferId").GetString()));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(800, 0, 800)));
    }

    [Test]
    public async Task ConcurrentDepositRequests_WithOneIdempotencyKey_MoveMoneyOnce()
    {
        var (cardholder, _) = await NewCardholderAsync();
        var key = Key("http");
        var client = Host.Operator();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            client.SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":250}""", key))));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.Conflict));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(250, 0, 250)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task Deposit_WithoutIdempotencyKey_Is400()
    {
        var (cardholder, _) = await NewCardholderAsync();

        using var response = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholder}/deposits", """{"amount":100}""", idempotencyKey: null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(0, 0, 0)));
    }

    [Test]
    public async Task OpenApiDocument_DescribesTheLedgerEndpoints()
    {
        using var response = await Host.Client(null).GetAsync("/openapi/v1.json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = await response.Content.ReadAsStringAsync();
        Assert.That(document, Does.Contain("CreateDeposit").And.Contain("CreateWithdrawal").And.Contain("GetBalance").And.Contain("ListLedgerEntries"));
    }

    private static HttpRequestMessage Post(string path, string json, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:not-found"));
    }
}
