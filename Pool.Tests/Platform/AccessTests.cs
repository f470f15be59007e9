using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Platform;

/// <summary>API keys, roles, problem details and the audit trail (admin-api.md §1–§2).</summary>
[TestFixture]
public sealed class AccessTests
{
    private TestHost _host = null!;
    private readonly ProbeModule _probe = new();

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _host = await TestHost.StartAsync(await TestDatabase.CreateAsync(nameof(AccessTests)), additionalModules: [_probe]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Request_WithoutKey_Is401ProblemDetails()
    {
        using var response = await _host.Client(null).GetAsync("/api/probe/hello");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:unauthenticated"));
    }

    [Test]
    public async Task Request_WithUnknownKey_Is401()
    {
        using var response = await _host.Client("not-a-key-of-ours-at-all").GetAsync("/api/probe/hello");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Request_WithMalformedAuthorizationHeader_Is401()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");

        using var response = await client.GetAsync("/api/probe/hello");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Viewer_MayRead()
    {
        using var response = await _host.Viewer().GetAsync("/api/probe/hello");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Viewer_OnOperatorEndpoint_Is403ProblemDetails()
    {
        using var request = Post("/api/probe/things", new { name = "x" }, "viewer-403");

        using var response = await _host.Viewer().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:forbidden"));
    }

    [TestCase(TestHost.ViewerKey, HttpStatusCode.Forbidden)]
    [TestCase(TestHost.OperatorKey, HttpStatusCode.Forbidden)]
    [TestCase(TestHost.AdminKey, HttpStatusCode.OK)]
    public async Task AdminEndpoint_IsAdminOnly(string key, HttpStatusCode expected)
    {
        using var response = await _host.Client(key).GetAsync("/api/probe/secret");

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task Change_IsWrittenToTheAuditTrail_WithKeyNameActionTargetAndOutcome()
    {
        using var request = Post("/api/probe/things", new { name = "audited" }, "audit-1");
        using var response = await _host.Operator().SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var entries = await AuditAsync();

        var entry = entries.First(e => e.GetProperty("keyName").GetString() == "test-operator" && e.GetProperty("action").GetString() == "POST /api/probe/things");
        Assert.That(entry.GetProperty("target").GetString(), Is.EqualTo("/api/probe/things"));
        Assert.That(entry.GetProperty("outcome").GetInt32(), Is.EqualTo(201));
        Assert.That(entry.GetProperty("role").GetString(), Is.EqualTo("operator"));
    }

    [Test]
    public async Task RefusedChange_IsAuditedWithItsOutcome()
    {
        using var request = Post("/api/probe/things", new { name = "refused" }, "audit-refused");
        using var response = await _host.Viewer().SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var entries = await AuditAsync();

        Assert.That(entries.Any(e => e.GetProperty("keyName").GetString() == "test-viewer" && e.GetProperty("outcome").GetInt32() == 403), Is.True);
    }

    [Test]
    public async Task AnonymousChange_IsAuditedAsAnonymous()
    {
        using var request = Post("/api/probe/things", new { name = "anon" }, "audit-anon");
        using var response = await _host.Client(null).SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var entries = await AuditAsync();

        Assert.That(entries.Any(e => e.GetProperty("keyName").GetString() == "anonymous" && e.GetProperty("outcome").GetInt32() == 401), Is.True);
    }

    [Test]
    public async Task MarkedRead_IsAudited()
    {
        using var response = await _host.Admin().GetAsync("/api/probe/secret");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var entries = await AuditAsync();

        Assert.That(entries.Any(e => e.GetProperty("action").GetString() == "GET /api/probe/secret" && e.GetProperty("keyName").GetString() == "test-admin"), Is.True);
    }

    [Test]
    public async Task PlainRead_IsNotAudited()
    {
        using var response = await _host.Viewer().GetAsync("/api/probe/hello");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var entries = await AuditAsync();

        Assert.That(entries.Any(e => e.GetProperty("action").GetString() == "GET /api/probe/hello"), Is.False);
    }

    [Test]
    public async Task AuditTrail_IsPagedByCursor_NewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            using var request = Post("/api/probe/things", new { name = $"page-{i}" }, $"page-{i}");
            using var response = await _host.Operator().SendAsync(request);
        }

        var first = await _host.Admin().GetFromJsonAsync<JsonElement>("/api/audit?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await _host.Admin().GetFromJsonAsync<JsonElement>($"/api/audit?limit=2&cursor={cursor}");

        var firstIds = first.GetProperty("items").EnumerateArray().Select(e => long.Parse(e.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var secondIds = second.GetProperty("items").EnumerateArray().Select(e => long.Parse(e.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(firstIds, Has.Count.EqualTo(2));
        Assert.That(firstIds, Is.Ordered.Descending);
        Assert.That(secondIds, Has.Count.EqualTo(2));
        Assert.That(secondIds.Max(), Is.LessThan(firstIds.Min()));
    }

    [Test]
    public async Task AuditTrail_FiltersByKeyName_Action_AndOutcome()
    {
        using (var request = Post("/api/probe/things", new { name = "filtered" }, "filter-operator"))
        using (var response = await _host.Operator().SendAsync(request))
        {
            Assert.That(response.IsSuccessStatusCode, Is.True);
        }

        using (var request = Post("/api/probe/things", new { name = "filtered" }, "filter-viewer"))
        using (var response = await _host.Viewer().SendAsync(request))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        async Task<List<JsonElement>> ListAsync(string query) =>
            (await _host.Admin().GetFromJsonAsync<JsonElement>($"/api/audit?limit=500&{query}")).GetProperty("items").EnumerateArray().ToList();

        var refused = await ListAsync("outcome=403");
        Assert.That(refused, Is.Not.Empty);
        Assert.That(refused.Select(e => e.GetProperty("outcome").GetInt32()), Is.All.EqualTo(403));
        var viewerName = refused[0].GetProperty("keyName").GetString()!;
        var byViewer = await ListAsync($"keyName={Uri.EscapeDataString(viewerName)}");
        Assert.That(byViewer.Select(e => e.GetProperty("keyName").GetString()), Is.All.EqualTo(viewerName));
        var probes = await ListAsync("action=PROBE%2FTHINGS");
        Assert.That(probes.Select(e => e.GetProperty("action").GetString()), Is.All.Contains("/api/probe/things"));
        Assert.That(probes.Select(e => e.GetProperty("outcome").GetInt32()), Does.Contain(403).And.Some.LessThan(300), "the operator's accepted call and the viewer's refused one");
        Assert.That(await ListAsync($"keyName={Uri.EscapeDataString(viewerName)}&outcome=599"), Is.Empty);
    }

    [TestCase("outcome=abc", "outcome")]
    [TestCase("outcome=99", "outcome")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=501", "limit")]
    [TestCase("cursor=abc", "cursor")]
    public async Task AuditTrail_WithBadPaging_IsValidationProblemNamingTheField(string query, string field)
    {
        using var response = await _host.Admin().GetAsync($"/api/audit?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [Test]
    public async Task UnknownRoute_IsProblemDetails404()
    {
        using var response = await _host.Admin().GetAsync("/api/no-such-thing");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task MalformedJsonBody_Is400ProblemDetails()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/probe/things")
        {
            Content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "malformed-json");

        using var response = await _host.Operator().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/reference")]
    [TestCase("/metrics")]
    public async Task OperationalEndpoints_NeedNoKey(string path)
    {
        using var response = await _host.Client(null).GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task OpenApiDocument_DescribesTheApiAndItsBearerKey()
    {
        var document = await _host.Client(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.That(document.GetProperty("paths").TryGetProperty("/api/audit", out _), Is.True);
        Assert.That(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("apiKey", out _), Is.True);
    }

    internal static HttpRequestMessage Post(string path, object body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private async Task<List<JsonElement>> AuditAsync()
    {
        var page = await _host.Admin().GetFromJsonAsync<JsonElement>("/api/audit?limit=500");
        return page.GetProperty("items").EnumerateArray().ToList();
    }
}
