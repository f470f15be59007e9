using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Abstractions;
using Pool.Modules.Authorization.Engine;
using Pool.Modules.Authorization.Link;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Cards.Contracts;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Authorization;

/// <summary>
/// A whole host on a database of the fixture's own, with the calls the engine-hosting tests make:
/// cardholders and cards over HTTP, money over HTTP, and network requests submitted to the host's
/// engine (through <see cref="IEngineAccess"/>, as the link does) or sent over TCP.
/// </summary>
internal sealed class EngineHostHarness : IAsyncDisposable
{
    private static int _stan;

    private EngineHostHarness(TestHost host, string connectionString)
    {
        Host = host;
        ConnectionString = connectionString;
    }

    public TestHost Host { get; private set; }

    public string ConnectionString { get; }

    public EngineHost EngineHost => Host.Services.GetRequiredService<EngineHost>();

    public AuthorizationEngine Engine => EngineHost.Engine ?? throw new InvalidOperationException($"The engine is {EngineHost.Role}, not active.");

    public static async Task<EngineHostHarness> StartAsync(string connectionString, IDictionary<string, string?>? settings = null, IReadOnlyList<IModule>? additionalModules = null) =>
        new(await TestHost.StartAsync(connectionString, settings, additionalModules: additionalModules), connectionString);

    public static async Task<EngineHostHarness> StartOnNewDatabaseAsync(string purpose, IDictionary<string, string?>? settings = null, IReadOnlyList<IModule>? additionalModules = null) =>
        await StartAsync(await TestDatabase.CreateAsync(purpose), settings, additionalModules);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    // ---- Admin API ----

    public async Task<TestCard> NewCardAsync(long depositMinor)
    {
        var cardholderId = await PostAsync(Host.Operator(), "/api/cardholders", new { name = "Engine Test" }, HttpStatusCode.Created, "id");
        using var issue = await Host.Operator().SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }));
        Assert.That(issue.StatusCode, Is.EqualTo(HttpStatusCode.Created), await issue.Content.ReadAsStringAsync());
        var card = await issue.Content.ReadFromJsonAsync<JsonElement>();
        if (depositMinor > 0)
        {
            // 503: the engine could not record it in time on a busy machine; a client retries with the same key.
            var key = "harness-deposit-" + Guid.NewGuid().ToString("N");
            var status = HttpStatusCode.ServiceUnavailable;
            for (var attempt = 0; attempt < 10 && status == HttpStatusCode.ServiceUnavailable; attempt++)
            {
                using var deposit = await DepositAsync(cardholderId, depositMinor, key);
                status = deposit.StatusCode;
            }

            Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        }

        return new TestCard(cardholderId, card.GetProperty("id").GetString()!, card.GetProperty("pan").GetString()!, card.GetProperty("expiry").GetString()!);
    }

    public Task<HttpResponseMessage> DepositAsync(string cardholderId, long amountMinor, string? key = null) =>
        Host.Operator().SendAsync(Post($"/api/cardholders/{cardholderId}/deposits", new { amount = amountMinor }, key));

    public Task<HttpResponseMessage> WithdrawAsync(string cardholderId, long amountMinor, string? key = null) =>
        Host.Admin().SendAsync(Post($"/api/cardholders/{cardholderId}/withdrawals", new { amount = amountMinor }, key));

    public async Task<JsonElement> BalanceAsync(string cardholderId) =>
        await Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/cardholders/{cardholderId}/balance");

    public static HttpRequestMessage Post(string path, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? "test-" + Guid.NewGuid().ToString("N"));
        return request;
    }

    private static async Task<string> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected, string property)
    {
        using var response = await client.SendAsync(Post(path, body));
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(property).GetString()!;
    }

    // ---- Network requests through the engine ----

    public static TransactionKey NextKey() =>
        new(123456, Interlocked.Increment(ref _stan) % 1_000_000, 1124120000);

    public AuthorizationRequest Purchase(TestCard card, long amountMinor, TransactionKey? key = null, short mcc = 5499) => new()
    {
        Kind = RequestKind.Authorization,
        De3ProcessingCode = 0,
        De4AmountMinor = amountMinor,
        De49CurrencyCode = 392,
        De14ExpiryYymm = short.Parse(card.Expiry, CultureInfo.InvariantCulture),
        De18Mcc = mcc,
        De19CountryCode = 392,
        De22PosEntryMode = 5,
        Key = key ?? NextKey(),
        De37Rrn = Rrn("432812345678"),
        De43MerchantName = MerchantName("SEVEN MART SHIBUYA"),
        PanHash = PanHash(card.Pan),
        PanLuhnValid = true,
    };

    public AuthorizationRequest Reversal(TestCard card, TransactionKey original, long? replacementMinor = null) => new()
    {
        Kind = RequestKind.Reversal,
        De3ProcessingCode = 0,
        De49CurrencyCode = 392,
        Key = NextKey(),
        OriginalKey = original,
        HasDe95 = replacementMinor.HasValue,
        De95ReplacementAmountMinor = replacementMinor ?? 0,
        PanHash = PanHash(card.Pan),
        PanLuhnValid = true,
    };

    public PanHashBytes32 PanHash(string pan)
    {
        var hash = default(PanHashBytes32);
        Host.Services.GetRequiredService<ICardDirectory>().ComputePanToken(Encoding.ASCII.GetBytes(pan), hash);
        return hash;
    }

    /// <summary>Submits to the host's engine as the link does and waits for the answer (released after the commit).</summary>
    public async Task<AuthorizationOutcome> DecideAsync(AuthorizationRequest request, int timeoutMs = 10_000)
    {
        var completion = new AwaitedCompletion();
        Engine.TrySubmit(in request, completion, 1);
        return await completion.Task.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));
    }

    // ---- TCP link ----

    public IPEndPoint LinkEndPoint => Host.Services.GetServices<TcpEndpoint>().Single().Bound!;

    /// <summary>Sends one frame on a new connection and reads the answer.</summary>
    public Task<SpecMessage> ExchangeOverTcpAsync(SpecMessage request, int timeoutMs = 10_000) =>
        LinkClient.ExchangeAsync(LinkEndPoint, request, timeoutMs);

    public static SpecMessage TcpPurchase(TestCard card, long amountMinor, int stan) => SpecMessage.ExamplePurchase()
        .With(2, card.Pan).With(14, card.Expiry).With(4, amountMinor.ToString("D12", CultureInfo.InvariantCulture))
        .With(11, stan.ToString("D6", CultureInfo.InvariantCulture));

    // ---- Database ----

    /// <summary>Reads the database after everything answered so far is projected (the ledger, log and holds follow the journal).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await WaitForProjectionAsync();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the journal projector has applied every batch committed so far (read-your-writes for direct reads).</summary>
    public async Task WaitForProjectionAsync()
    {
        var projector = Host.Services.GetRequiredService<JournalProjector>();
        Assert.That(await projector.WaitForAsync(projector.EnqueuedPosition, TimeSpan.FromSeconds(30), CancellationToken.None), Is.True, "the journal projector caught up");
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    private static RrnBytes12 Rrn(string text)
    {
        var bytes = default(RrnBytes12);
        Encoding.ASCII.GetBytes(text, bytes);
        return bytes;
    }

    private static MerchantNameBytes25 MerchantName(string text)
    {
        var bytes = default(MerchantNameBytes25);
        Span<byte> span = bytes;
        span.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text, span);
        return bytes;
    }

    /// <summary>One answer as a task.</summary>
    private sealed class AwaitedCompletion : IDecisionCompletion
    {
        private readonly TaskCompletionSource<AuthorizationOutcome> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<AuthorizationOutcome> Task => _source.Task;

        public void OnAnswered(long correlation, in AuthorizationOutcome outcome) => _source.TrySetResult(outcome);
    }
}

/// <summary>A card issued over the API, with its PAN (tests only).</summary>
internal sealed record TestCard(string CardholderId, string CardId, string Pan, string Expiry);

/// <summary>Answers collected from many submissions.</summary>
internal sealed class ManyCompletions : IDecisionCompletion
{
    public ConcurrentDictionary<long, AuthorizationOutcome> Answers { get; } = new();

    public void OnAnswered(long correlation, in AuthorizationOutcome outcome) => Answers[correlation] = outcome;
}
