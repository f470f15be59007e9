using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Cards;

/// <summary>Cardholders: created with a deposit account, read, searched (admin-api.md §3).</summary>
public sealed class CardholderTests : CardsFixture
{
    [Test]
    public async Task CreateCardholder_Is201WithIdNameAndCreatedAt_AndOpensTheDepositAccount()
    {
        using var response = await Operator.SendAsync(Post("/api/cardholders", new { name = "Hanako Yamada" }, NewKey()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.That(id, Does.StartWith("ch_"));
        Assert.That(body.GetProperty("name").GetString(), Is.EqualTo("Hanako Yamada"));
        Assert.That(body.GetProperty("createdAt").GetString(), Does.EndWith("Z"));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/cardholders/{id}"));

        var balance = await Host.Services.GetRequiredService<ILedgerAccounts>().GetBalanceAsync(id, CancellationToken.None);
        Assert.That(balance, Is.EqualTo(new CardholderBalance(0, 0, 0)));
    }

    [Test]
    public async Task GetCardholder_AnswersWhatCreationAnswered()
    {
        using var created = await Operator.SendAsync(Post("/api/cardholders", new { name = "Taro" }, NewKey()));
        var createdBody = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(createdBody).RootElement.GetProperty("id").GetString();

        var read = await Viewer.GetStringAsync($"/api/cardholders/{id}");

        Assert.That(read, Is.EqualTo(createdBody));
    }

    [Test]
    public async Task GetCardholder_Unknown_Is404Problem()
    {
        using var response = await Viewer.GetAsync("/api/cardholders/ch_nosuch");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ProblemAsync(response)).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:not-found"));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    [TestCase("tab\tinside")]
    public async Task CreateCardholder_WithoutAUsableName_Is400NamingName(string? name)
    {
        using var response = await Operator.SendAsync(Post("/api/cardholders", new { name }, NewKey()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ProblemAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:validation"));
        Assert.That(ErrorFields(problem), Is.EqualTo(new[] { "name" }));
    }

    [Test]
    public async Task CreateCardholder_NameTooLong_Is400NamingName()
    {
        using var response = await Operator.SendAsync(Post("/api/cardholders", new { name = new string('a', 201) }, NewKey()));
        Assert.That(ErrorFields(await ProblemAsync(response)), Is.EqualTo(new[] { "name" }));
    }

    [Test]
    public async Task CreateCardholder_AsViewer_Is403()
    {
        using var response = await Viewer.SendAsync(Post("/api/cardholders", new { name = "x" }, NewKey()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task CreateCardholder_WithoutIdempotencyKey_Is400()
    {
        using var response = await Operator.SendAsync(Post("/api/cardholders", new { name = "x" }, null));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ProblemAsync(response)).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:idempotency-key-required"));
    }

    [Test]
    public async Task CreateCardholder_ConcurrentRepeats_CreateOneCardholder()
    {
        var key = NewKey();
        var name = "Concurrent " + Guid.NewGuid().ToString("N");
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Operator.SendAsync(Post("/api/cardholders", new { name }, key))));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.Conflict));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }

            response.Dispose();
        }

        Assert.That(ids, Has.Count.EqualTo(1));
        var found = await Viewer.GetFromJsonAsync<JsonElement>($"/api/cardholders?name={name}");
        Assert.That(found.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task SearchCardholders_ByNamePart_IsCaseInsensitiveAndPaged()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await NewCardholderAsync($"Search {tag.ToUpperInvariant()} {i}"));
        }

        await NewCardholderAsync("Someone Else");

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Viewer.GetFromJsonAsync<JsonElement>($"/api/cardholders?name={tag}&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.That(seen, Is.EqualTo(created));
        Assert.That(pages, Is.EqualTo(3));
    }

    [Test]
    public async Task SearchCardholders_PercentSign_MatchesLiterally()
    {
        var page = await Viewer.GetFromJsonAsync<JsonElement>("/api/cardholders?name=%25");
        Assert.That(page.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=501", "limit")]
    [TestCase("cursor=abc", "cursor")]
    public async Task SearchCardholders_BadPaging_Is400NamingTheField(string query, string field)
    {
        using var response = await Viewer.GetAsync($"/api/cardholders?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ErrorFields(await ProblemAsync(response)), Is.EqualTo(new[] { field }));
    }
}
