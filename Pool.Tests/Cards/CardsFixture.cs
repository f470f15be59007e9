using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Cards.Configuration;
using Pool.Modules.Cards.Contracts;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Cards;

/// <summary>
/// A host on a database of its own per fixture, with a vault key set of its own, and the
/// Cards API calls the tests make. Every test creates cardholders of its own.
/// </summary>
public abstract class CardsFixture
{
    protected TestHost Host { get; private set; } = null!;

    protected string ConnectionString { get; private set; } = null!;

    /// <summary>A client with the operator's key (the host disposes its clients).</summary>
    protected HttpClient Operator => Host.Operator();

    protected HttpClient Viewer => Host.Viewer();

    protected HttpClient Admin => Host.Admin();

    protected ICardDirectory Directory => Host.Services.GetRequiredService<ICardDirectory>();

    /// <summary>The fixture's vault key set (tests configure keys: only Development generates them).</summary>
    private protected VaultKeyOptions Key1 { get; } = VaultKeys.New("k1");

    /// <summary>Host settings of the fixture: its vault key.</summary>
    protected virtual IDictionary<string, string?> Settings => VaultKeys.Settings(Key1.Id, Key1);

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync(GetType().Name);
        await StartAsync(Settings);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync() => await Host.DisposeAsync();

    /// <summary>(Re)starts the host on the fixture's database.</summary>
    protected async Task StartAsync(IDictionary<string, string?> settings)
    {
        Host = await TestHost.StartAsync(ConnectionString, settings);
    }

    protected async Task RestartAsync(IDictionary<string, string?> settings)
    {
        await Host.DisposeAsync();
        await StartAsync(settings);
    }

    protected static string NewKey() => "test-" + Guid.NewGuid().ToString("N");

    protected static HttpRequestMessage Post(string path, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    protected async Task<string> NewCardholderAsync(string name = "Test Cardholder")
    {
        using var response = await Operator.SendAsync(Post("/api/cardholders", new { name }, NewKey()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Issues a card; returns the issuing answer.</summary>
    protected async Task<JsonElement> IssueAsync(string cardholderId)
    {
        using var response = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, NewKey()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected async Task<(string CardId, string Pan)> NewCardAsync()
    {
        var card = await IssueAsync(await NewCardholderAsync());
        return (card.GetProperty("id").GetString()!, card.GetProperty("pan").GetString()!);
    }

    protected Task<HttpResponseMessage> SetStatusAsync(string cardId, string? status) =>
        Operator.PutAsJsonAsync($"/api/cards/{cardId}/status", new { status });

    protected async Task<JsonElement> GetCardAsync(string cardId) =>
        await Viewer.GetFromJsonAsync<JsonElement>($"/api/cards/{cardId}");

    protected static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected static IEnumerable<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);
}
