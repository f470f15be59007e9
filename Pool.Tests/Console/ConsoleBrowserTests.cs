using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pool.Modules.Abstractions;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Console;

/// <summary>
/// The back-office console in a real browser against the whole host on real PostgreSQL, signed in per
/// role: the demo cardholder, a deposit, a frozen card declining 62 over the link, a controls error beside
/// its field, a clearing import, a job run, and a viewer who can change nothing. Each test writes the
/// screenshot of its page to docs/console/.
/// </summary>
[TestFixture]
[Category("Browser")]
[NonParallelizable]
public sealed partial class ConsoleBrowserTests
{
    private const string DemoPan = "4242424242424242";

    private TestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _screenshots = null!;
    private string _cardholderId = null!;
    private string _cardId = null!;

    private string Url(string path) => new Uri(_host.BaseAddress, path).ToString();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await TestHost.StartAsync(await TestDatabase.CreateAsync("console"));
        foreach (var module in _host.Application.Modules)
        {
            await module.SeedDemoDataAsync(_host.Services, TextWriter.Null, CancellationToken.None);
        }

        // The link answers only once the engine holds the lease and has loaded the demo card.
        using (var probe = _host.Client(null))
        {
            var deadline = Environment.TickCount64 + 60_000;
            while (!(await probe.GetAsync("/health/link")).IsSuccessStatusCode)
            {
                Assert.That(Environment.TickCount64, Is.LessThan(deadline), "/health/link did not pass within 60 s");
                await Task.Delay(100);
            }
        }

        (_playwright, _browser) = await ConsoleBrowser.LaunchAsync();
        _screenshots = ConsoleBrowser.ScreenshotDirectory();

        using var admin = _host.Admin();
        var search = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync("/api/cardholders?name=Demo%20Cardholder"));
        _cardholderId = search.RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
        var cards = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync($"/api/cardholders/{_cardholderId}/cards"));
        _cardId = cards.RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (its own cookies) signed in with <paramref name="apiKey"/>.</summary>
    private async Task<IPage> SignInAsync(string apiKey)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/console"));
        Assert.That(page.Url, Does.Contain("/console/sign-in"), "a console page without a session goes to sign-in");
        await page.FillAsync("#apiKey", apiKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/console$"));
        return page;
    }

    private Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshots, name + ".png"), FullPage = true });

    [Test]
    public async Task Operator_FindsTheDemoCardholder_AndDeposits_WhichMovesTheBalanceOnce()
    {
        var page = await SignInAsync(TestHost.OperatorKey);
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("test-operator (operator)");

        await page.GotoAsync(Url("/console/cardholders"));
        await page.FillAsync("#q", "Demo");
        await page.ClickAsync("form button[type=submit] >> text=Search");
        await ScreenshotAsync(page, "cardholders");

        // By card, as a cardholder reads it out: BIN and last 4.
        await page.FillAsync("#q", "424242 4242");
        await page.ClickAsync("form button[type=submit] >> text=Search");
        await Assertions.Expect(page.GetByTestId("card-results")).ToContainTextAsync(_cardholderId);
        Assert.That(await page.GetByTestId("pan-search").CountAsync(), Is.Zero, "the full-number search is the admin's");

        await page.FillAsync("#q", "Demo");
        await page.ClickAsync("form button[type=submit] >> text=Search");
        await page.ClickAsync("text=Demo Cardholder");
        await page.WaitForURLAsync(new Regex("/console/cardholders/"));
        var before = Yen(await page.GetByTestId("posted").InnerTextAsync());

        // A double click: the same form (and so the same Idempotency-Key) posted twice moves money once.
        var form = page.GetByTestId("deposits-form");
        await form.Locator("input[name=amount]").FillAsync("1500");
        var fields = await FormFieldsAsync(form);
        var first = await page.APIRequest.PostAsync(Url($"/console/cardholders/{_cardholderId}/deposits"), new APIRequestContextOptions { Form = fields, MaxRedirects = 0 });
        var second = await page.APIRequest.PostAsync(Url($"/console/cardholders/{_cardholderId}/deposits"), new APIRequestContextOptions { Form = fields, MaxRedirects = 0 });
        Assert.That((first.Status, second.Status), Is.EqualTo((302, 302)));

        await page.GotoAsync(Url($"/console/cardholders/{_cardholderId}"));
        Assert.That(Yen(await page.GetByTestId("posted").InnerTextAsync()), Is.EqualTo(before + 1500));

        // And through the form itself, as a person does it.
        await page.GetByTestId("deposits-form").Locator("input[name=amount]").FillAsync("500");
        await page.GetByTestId("deposits-form").Locator("button").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Deposit recorded.");
        Assert.That(Yen(await page.GetByTestId("posted").InnerTextAsync()), Is.EqualTo(before + 2000));
        await Assertions.Expect(page.GetByTestId("ledger")).ToContainTextAsync("¥500");
        await Assertions.Expect(page.Locator("time").First).ToHaveAttributeAsync("title", new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$"));
        Assert.That(await page.ContentAsync(), Does.Not.Contain(DemoPan), "a card shows as BIN and last 4 only");
        await ScreenshotAsync(page, "cardholder");
    }

    [Test]
    public async Task Operator_FreezesTheCard_AndAnAuthorizationOverTheLink_IsDeclined62_AndExplained()
    {
        var page = await SignInAsync(TestHost.OperatorKey);
        await page.GotoAsync(Url($"/console/cards/{_cardId}"));
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("active");
        // Only the spec's transitions from active are offered.
        Assert.That(await page.Locator("[data-testid^=status-]").EvaluateAllAsync<string[]>("b => b.map(x => x.dataset.testid)"),
            Is.EquivalentTo(new[] { "status-frozen", "status-lost", "status-stolen", "status-closed" }));
        await page.GetByTestId("status-frozen").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("frozen");
        await ScreenshotAsync(page, "card");

        try
        {
            var answer = await ExchangeOverLinkAsync(SpecMessage.ExamplePurchase().With(11, "000777").With(4, "000000000900"));
            Assert.That(answer[39], Is.EqualTo("62"));

            await page.GotoAsync(Url($"/console/authorizations?cardId={_cardId}&code=62"));
            var row = page.GetByTestId("authorizations").Locator("tbody tr").First;
            await Assertions.Expect(row).ToContainTextAsync("restricted card");
            await Assertions.Expect(row).ToContainTextAsync("¥900");
            await ScreenshotAsync(page, "authorizations");

            await row.Locator("a").ClickAsync();
            await Assertions.Expect(page.GetByTestId("explanation")).ToContainTextAsync("declined 62: the card was restricted (frozen or closed) when ¥900 was requested; it is frozen now");
            await ScreenshotAsync(page, "authorization");
        }
        finally
        {
            await page.GotoAsync(Url($"/console/cards/{_cardId}"));
            await page.GetByTestId("status-active").ClickAsync();
            await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("active");
        }
    }

    [Test]
    public async Task Operator_ReadsA51WithTheBalanceAtTheDecision_AndAnAuthorizationsReversalInItsHistory()
    {
        // The demo cardholder down to ¥1,000 available: an approval of ¥900, then a 51 for ¥500 against ¥100.
        using (var admin = _host.Admin())
        {
            var balance = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync($"/api/cardholders/{_cardholderId}/balance")).RootElement;
            var excess = balance.GetProperty("available").GetInt64() - 1_000;
            if (excess > 0)
            {
                using var withdrawal = await admin.SendAsync(Pool.Tests.Authorization.EngineHostHarness.Post($"/api/cardholders/{_cardholderId}/withdrawals", new { amount = excess }, Guid.NewGuid().ToString()));
                Assert.That(withdrawal.IsSuccessStatusCode, Is.True, await withdrawal.Content.ReadAsStringAsync());
            }
        }

        var approved = await ExchangeOverLinkAsync(SpecMessage.ExamplePurchase().With(11, "000901").With(4, "000000000900"));
        Assert.That(approved[39], Is.EqualTo("00"));
        var declined = await ExchangeOverLinkAsync(SpecMessage.ExamplePurchase().With(11, "000902").With(4, "000000000500"));
        Assert.That(declined[39], Is.EqualTo("51"));

        // A later deposit and the approval's reversal: the decisions keep the balance they were taken against.
        using (var admin = _host.Admin())
        using (var deposit = await admin.SendAsync(Pool.Tests.Authorization.EngineHostHarness.Post($"/api/cardholders/{_cardholderId}/deposits", new { amount = 5_000 }, Guid.NewGuid().ToString())))
        {
            Assert.That(deposit.IsSuccessStatusCode, Is.True, await deposit.Content.ReadAsStringAsync());
        }

        var reversal = new SpecMessage(400, new Dictionary<int, string>
        {
            [2] = DemoPan, [3] = "000000", [4] = "000000000900", [7] = "1124120100", [11] = "000903", [32] = "123456",
            [37] = "432812345678", [49] = "392", [90] = "0100" + "000901" + "1124120000" + "00000123456" + "00000000000",
        });
        Assert.That((await ExchangeOverLinkAsync(reversal))[39], Is.EqualTo("00"));

        var page = await SignInAsync(TestHost.OperatorKey);
        await page.GotoAsync(Url($"/console/authorizations?cardId={_cardId}&code=51"));
        var row = page.GetByTestId("authorizations").Locator("tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("¥500");
        await row.Locator("a").ClickAsync();
        await Assertions.Expect(page.GetByTestId("explanation")).ToHaveTextAsync("declined 51: ¥500 requested, ¥100 available");
        await Assertions.Expect(page.GetByTestId("available-at-decision")).ToHaveTextAsync("¥100");

        await page.GotoAsync(Url($"/console/authorizations?cardId={_cardId}&status=reversed"));
        await page.GetByTestId("authorizations").Locator("tbody tr", new LocatorLocatorOptions { HasText = "0100" }).First.Locator("a").ClickAsync();
        await Assertions.Expect(page.GetByTestId("explanation")).ToContainTextAsync("approved 00: ¥900 held, ¥1,000 available before it");
        var history = page.GetByTestId("history");
        await Assertions.Expect(history.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(history.Locator("tbody tr").Nth(1)).ToContainTextAsync("reversal");
        await Assertions.Expect(history.Locator("tbody tr").Nth(1)).ToContainTextAsync("0400");
        await Assertions.Expect(page.GetByTestId("clearing-history")).ToContainTextAsync("No clearing posting");
        await ScreenshotAsync(page, "authorization-history");

        // From the reversal back to its original.
        await history.Locator("a", new LocatorLocatorOptions { HasText = "reversal" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("history").Locator("a", new LocatorLocatorOptions { HasText = "original" })).ToHaveCountAsync(1);

        // A bad filter is named beside its field, not silently ignored.
        await page.GotoAsync(Url($"/console/authorizations?cardId={_cardId}&code=5x"));
        await Assertions.Expect(page.GetByTestId("error-code")).ToContainTextAsync("two digits");
    }

    [Test]
    public async Task Operator_SavesControlsWithABadLimit_AndSeesTheApisErrorBesideThatField()
    {
        var page = await SignInAsync(TestHost.OperatorKey);
        await page.GotoAsync(Url($"/console/cards/{_cardId}"));
        await page.FillAsync("#perTransactionLimit", "-5");
        await page.FillAsync("#blockedMccs", "7995");
        await page.ClickAsync("text=Save controls");

        await Assertions.Expect(page.GetByTestId("error-perTransactionLimit")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("error-perTransactionLimit")).ToContainTextAsync("perTransactionLimit");
        await Assertions.Expect(page.Locator("#perTransactionLimit")).ToHaveValueAsync("-5");
        await ScreenshotAsync(page, "card-controls-error");

        // Nothing changed.
        using var admin = _host.Admin();
        var card = await admin.GetStringAsync($"/api/cards/{_cardId}");
        Assert.That(card, Does.Contain("\"perTransactionLimit\":null").And.Contain("\"blockedMccs\":[]"));
    }

    [Test]
    public async Task Operator_UploadsAClearingFile_AndReadsItsReport()
    {
        var page = await SignInAsync(TestHost.OperatorKey);
        await page.GotoAsync(Url("/console/clearing"));
        await page.SetInputFilesAsync("input[type=file]", SpecExamples.ClearingSmallPath);
        await page.GetByTestId("upload-form").Locator("button").ClickAsync();

        var report = page.GetByTestId("report");
        await Assertions.Expect(report).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await Assertions.Expect(report).ToContainTextAsync("Matched");
        // Every total is a yen amount (an unread field would show "—").
        Assert.That(await report.Locator("tbody td:nth-child(3)").AllInnerTextsAsync(), Has.All.Contains("¥"));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("records read");
        await ScreenshotAsync(page, "clearing");
    }

    [Test]
    public async Task Operator_RunsAJobNow_AndSeesItInTheHistory()
    {
        var page = await SignInAsync(TestHost.OperatorKey);
        await page.GotoAsync(Url("/console/jobs"));
        await Assertions.Expect(page.GetByTestId("jobs")).ToContainTextAsync("ledger-check");
        await page.GetByTestId("run-ledger-check").ClickAsync();
        await page.WaitForURLAsync(new Regex("/console/jobs/ledger-check"));

        // The run finishes in the background: reload until the history shows its outcome.
        var deadline = Environment.TickCount64 + 30_000;
        while (!(await page.GetByTestId("runs").InnerTextAsync()).Contains("succeeded", StringComparison.Ordinal))
        {
            Assert.That(Environment.TickCount64, Is.LessThan(deadline), "the run did not succeed within 30 s");
            await Task.Delay(200);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.GetByTestId("runs")).ToContainTextAsync("manual");
        await page.GotoAsync(Url("/console/jobs"));
        await ScreenshotAsync(page, "jobs");
    }

    [Test]
    public async Task Viewer_SeesNoChangeButtons_AndAForgedPost_IsRefused_AndChangesNothing()
    {
        var page = await SignInAsync(TestHost.ViewerKey);
        await page.GotoAsync(Url($"/console/cardholders/{_cardholderId}"));
        var posted = Yen(await page.GetByTestId("posted").InnerTextAsync());
        Assert.That(await page.GetByTestId("deposits-form").CountAsync(), Is.Zero);
        Assert.That(await page.GetByTestId("withdrawals-form").CountAsync(), Is.Zero);

        await page.GotoAsync(Url($"/console/cards/{_cardId}"));
        Assert.That(await page.Locator("[data-testid^=status-]").CountAsync(), Is.Zero);
        Assert.That(await page.Locator("text=Save controls").CountAsync(), Is.Zero);
        Assert.That(await page.Locator("text=Reveal full card number").CountAsync(), Is.Zero);
        await page.GotoAsync(Url("/console/jobs"));
        Assert.That(await page.Locator("[data-testid^=run-]").CountAsync(), Is.Zero);
        Assert.That(await page.Locator("nav >> text=Audit").CountAsync(), Is.Zero);

        // A forged deposit with a valid antiforgery token (taken from the sign-out form): the API refuses the role.
        var token = await page.Locator("input[name=__antiforgery]").First.GetAttributeAsync("value");
        var forged = await page.APIRequest.PostAsync(Url($"/console/cardholders/{_cardholderId}/deposits"), new APIRequestContextOptions
        {
            Form = FormData(page, ("__antiforgery", token!), ("idempotencyKey", Guid.NewGuid().ToString("N")), ("amount", "100000")),
            MaxRedirects = 0,
        });
        Assert.That(forged.Status, Is.EqualTo(403));

        // Without the antiforgery token, the console refuses the form before anything else.
        var noToken = await page.APIRequest.PostAsync(Url($"/console/cards/{_cardId}/status"), new APIRequestContextOptions
        {
            Form = FormData(page, ("status", "frozen")),
            MaxRedirects = 0,
        });
        Assert.That(noToken.Status, Is.EqualTo(400));

        // The audit page is the admin's.
        var audit = await page.GotoAsync(Url("/console/audit"));
        Assert.That(audit!.Status, Is.EqualTo(403));

        await page.GotoAsync(Url($"/console/cardholders/{_cardholderId}"));
        Assert.That(Yen(await page.GetByTestId("posted").InnerTextAsync()), Is.EqualTo(posted));
        await page.GotoAsync(Url($"/console/cards/{_cardId}"));
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("active");
        await ScreenshotAsync(page, "card-viewer");
    }

    [Test]
    public async Task Admin_RevealsThePan_WhichIsAudited_AndReadsTheAuditTrailAndTheOverview()
    {
        // A few approvals over the link, so the overview has figures to show.
        for (var stan = 801; stan <= 803; stan++)
        {
            var answer = await ExchangeOverLinkAsync(SpecMessage.ExamplePurchase().With(11, stan.ToString("D6", CultureInfo.InvariantCulture)).With(4, "000000000100"));
            Assert.That(answer[39], Is.EqualTo("00"));
        }

        var page = await SignInAsync(TestHost.AdminKey);
        await Assertions.Expect(page.Locator("[data-mix]")).ToContainTextAsync(new Regex(@"00: [3-9]"));
        await Assertions.Expect(page.Locator("[data-value=decisionP50]")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(page.Locator("[data-value=commitP99]")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(page.Locator("svg[data-series=rate] polyline")).ToHaveAttributeAsync("points", new Regex(@"\d,\d+(\.\d+)? \d"), new LocatorAssertionsToHaveAttributeOptions { Timeout = 15_000 });
        await ScreenshotAsync(page, "overview");

        await page.GotoAsync(Url("/console/cardholders"));
        await page.FillAsync("#pan", DemoPan);
        await page.ClickAsync("text=Find card");
        await page.WaitForURLAsync(new Regex($"/console/cards/{_cardId}$"));
        Assert.That(page.Url, Does.Not.Contain(DemoPan));

        await page.ClickAsync("text=Reveal full card number");
        await Assertions.Expect(page.GetByTestId("pan")).ToHaveTextAsync(DemoPan);

        await page.GotoAsync(Url("/console/audit?key=test-admin"));
        var audit = page.GetByTestId("audit");
        await Assertions.Expect(audit).ToContainTextAsync($"GET /api/cards/{{id}}/pan");
        await Assertions.Expect(audit).ToContainTextAsync("POST /console/sign-in");
        await Assertions.Expect(audit).ToContainTextAsync("POST /api/cards/search");
        Assert.That(await audit.InnerTextAsync(), Does.Not.Contain(DemoPan));
        await ScreenshotAsync(page, "audit");
    }

    [Test]
    public async Task ConsolePages_CarryTheSecurityHeaders_AndTheSessionCookieIsHttpOnlyStrictAndSecure()
    {
        var page = await SignInAsync(TestHost.ViewerKey);
        var response = await page.GotoAsync(Url("/console/cardholders"));
        var headers = await response!.AllHeadersAsync();
        Assert.That(headers["content-security-policy"], Does.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
        Assert.That(headers["x-content-type-options"], Is.EqualTo("nosniff"));
        Assert.That(headers["referrer-policy"], Is.EqualTo("no-referrer"));

        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "pool-console");
        Assert.That((cookie.HttpOnly, cookie.SameSite, cookie.Secure), Is.EqualTo((true, SameSiteAttribute.Strict, true)));
        Assert.That(cookie.Value, Does.Not.Contain(TestHost.ViewerKey));

        var signIn = await (await _browser.NewContextAsync()).NewPageAsync();
        await signIn.GotoAsync(Url("/console/sign-in"));
        await signIn.FillAsync("#apiKey", "not-a-key-of-ours-0123456789");
        await signIn.ClickAsync("button[type=submit]");
        await Assertions.Expect(signIn.GetByRole(AriaRole.Alert)).ToContainTextAsync("not one of Admin:ApiKeys");
        await ScreenshotAsync(signIn, "sign-in");
    }

    private static long Yen(string text) => long.Parse(text.Replace("¥", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static async Task<IFormData> FormFieldsAsync(ILocator form)
    {
        var values = await form.Locator("input").EvaluateAllAsync<string[][]>("inputs => inputs.map(i => [i.name, i.value])");
        var data = form.Page.APIRequest.CreateFormData();
        foreach (var pair in values)
        {
            data.Set(pair[0], pair[1]);
        }

        return data;
    }

    private static IFormData FormData(IPage page, params (string Name, string Value)[] fields)
    {
        var data = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            data.Set(name, value);
        }

        return data;
    }

    private Task<SpecMessage> ExchangeOverLinkAsync(SpecMessage request) =>
        LinkClient.ExchangeAsync(_host.Services.GetServices<TcpEndpoint>().Single().Bound!, request);
}
