using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pool.Benchmarks.Load;

/// <summary>
/// Seeds the cards of a Pool run through the admin API, as an operator would: per card a cardholder,
/// a card and a deposit, each with an Idempotency-Key derived from <c>--seed-tag</c> and the card's
/// number, so seeding again with the same tag finds the same cards and moves no money twice. Cards are
/// deposited to before their card is issued (each issue makes the engine reload; concurrent issues share one).
/// The model starts from each cardholder's available balance as read after seeding, so holds left by an
/// earlier run on the same cards do not confuse it.
/// </summary>
internal static class AdminApiSeeder
{
    /// <summary>Requests in flight against the admin API.</summary>
    private const int Parallelism = 8;

    /// <summary>A 503 (engine loading after an issue) is retried this often, 250 ms apart.</summary>
    private const int UnavailableRetriesMax = 80;

    /// <summary>Checks of /health/link after seeding, 250 ms apart: a minute.</summary>
    private const int LinkReadyAttemptsMax = 240;

    public static async Task<LoadCard[]> SeedAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri(options.Api), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey ?? throw new ArgumentException("--api-key (or --api-key-file) is needed to seed Pool."));
        var holders = new string[options.Cards];
        var issued = new (string Pan, string Expiry)[options.Cards];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        // Deposit before issuing: the deposit account exists from the first deposit, and the engine loads a card
        // only with its account (event 5111 otherwise); the reload then loads both, balance included.
        await Parallel.ForAsync(0, options.Cards, parallel, async (i, token) =>
        {
            using var holder = await PostAsync(client, "/api/cardholders", new { name = $"Load {options.SeedTag} {i}" }, $"{options.SeedTag}-holder-{i}", token);
            holders[i] = holder.RootElement.GetProperty("id").GetString()!;
            using var deposit = await PostAsync(client, $"/api/cardholders/{holders[i]}/deposits", new { amount = options.DepositMinor }, $"{options.SeedTag}-deposit-{i}", token);
            using var card = await PostAsync(client, $"/api/cardholders/{holders[i]}/cards", new { }, $"{options.SeedTag}-card-{i}", token);
            issued[i] = (card.RootElement.GetProperty("pan").GetString()!, card.RootElement.GetProperty("expiry").GetString()!);
        });

        // One more card issued after everything (a fresh key, so it is not a replay) makes the engine load once
        // more: under load an issue can stop waiting for its reload (AdminCommandTimeoutMs) and the run would
        // then meet cards the engine does not hold yet (answered 14). Its cardholder is funded first like every
        // other, so the load finds its account and no card of the run is left out (event 5111).
        var syncTag = Guid.NewGuid().ToString("N");
        using var sync = await PostAsync(client, "/api/cardholders", new { name = $"Load {options.SeedTag} sync" }, $"{options.SeedTag}-sync-holder-{syncTag}", cancellationToken);
        var syncHolder = sync.RootElement.GetProperty("id").GetString()!;
        using var syncDeposit = await PostAsync(client, $"/api/cardholders/{syncHolder}/deposits", new { amount = 1 }, $"{options.SeedTag}-sync-deposit-{syncTag}", cancellationToken);
        using var reload = await PostAsync(client, $"/api/cardholders/{syncHolder}/cards", new { }, $"{options.SeedTag}-sync-{Guid.NewGuid():N}", cancellationToken);
        var cards = new LoadCard[options.Cards];
        await Parallel.ForAsync(0, options.Cards, parallel, async (i, token) =>
        {
            using var balance = await SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, $"/api/cardholders/{holders[i]}/balance"), token);
            cards[i] = new LoadCard(issued[i].Pan, issued[i].Expiry, balance.RootElement.GetProperty("available").GetInt64());
        });

        // An issue stops waiting for its reload after AdminCommandTimeoutMs; until the reload is published the
        // link answers 91. /health/link is healthy only when the engine accepts requests (engine.md).
        for (var attempt = 0; attempt < LinkReadyAttemptsMax; attempt++)
        {
            using var health = await client.GetAsync("/health/link", cancellationToken);
            if (health.IsSuccessStatusCode)
            {
                return cards;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new InvalidOperationException("/health/link stayed unhealthy after seeding: the engine does not accept requests.");
    }

    private static Task<JsonDocument> PostAsync(HttpClient client, string path, object body, string key, CancellationToken cancellationToken) =>
        SendAsync(client, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }, cancellationToken);

    private static async Task<JsonDocument> SendAsync(HttpClient client, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            using var response = await client.SendAsync(request, cancellationToken);
            // 503: the engine is reloading after an issue. 429: the key's rate limit (Admin:RateLimit, 100/s by
            // default); bench hosts raise it, and a host that did not is waited for rather than failed.
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests && attempt < UnavailableRetriesMax)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(250), cancellationToken);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        }
    }
}
