using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Authorization.Engine;
using Pool.Tests.Authorization;

namespace Pool.Tests.Infra;

/// <summary>
/// The host side of "admin writes go to the active engine" (docs/infra.md): two hosts on one database, the
/// admin load balancer sending reads to both and writes only to the one passing <c>/health/link</c>. A write
/// that reaches the standby anyway (a failover between two health checks) is refused with 503, a
/// <c>Retry-After</c> and the engine's role, and changes nothing; the active instance takes the same write.
/// </summary>
[TestFixture]
public sealed class AdminWriteRoutingTests
{
    private EngineHostHarness _active = null!;
    private EngineHostHarness _standby = null!;

    [OneTimeSetUp]
    public async Task StartTwoHostsOnOneDatabase()
    {
        var connectionString = await Infrastructure.TestDatabase.CreateAsync(nameof(AdminWriteRoutingTests));
        _active = await EngineHostHarness.StartAsync(connectionString);
        _standby = await EngineHostHarness.StartAsync(connectionString);
        Assert.That(_active.EngineHost.Role, Is.EqualTo(EngineRole.Active));
        Assert.That(_standby.EngineHost.Role, Is.EqualTo(EngineRole.Standby));
    }

    [OneTimeTearDown]
    public async Task StopHosts()
    {
        await _standby.DisposeAsync();
        await _active.DisposeAsync();
    }

    [Test]
    public async Task WriteTargetGroupHealthCheck_OnlyTheActiveEnginePasses_WhileBothAreReady()
    {
        Assert.That(await StatusAsync(_active, "/health/link"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(_standby, "/health/link"), Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the write target group's check");
        Assert.That(await StatusAsync(_active, "/health/ready"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(_standby, "/health/ready"), Is.EqualTo(HttpStatusCode.OK), "the read target group's check keeps the standby serving reads");
    }

    [Test]
    public async Task Deposit_OnTheStandby_Is503WithRetryAfterAndRole_AndTheActiveTakesTheSameRequest()
    {
        var card = await _active.NewCardAsync(depositMinor: 10_000);
        var key = "routing-" + Guid.NewGuid().ToString("N");

        using (var refused = await _standby.DepositAsync(card.CardholderId, 2_500, key))
        {
            await AssertEngineUnavailableAsync(refused);
        }

        Assert.That((await _standby.BalanceAsync(card.CardholderId)).GetProperty("posted").GetInt64(), Is.EqualTo(10_000), "the refused deposit moved nothing; reads are served by the standby");

        using (var accepted = await _active.DepositAsync(card.CardholderId, 2_500, key))
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await accepted.Content.ReadAsStringAsync());
            Assert.That(accepted.Headers.RetryAfter, Is.Null);
        }

        Assert.That((await _active.BalanceAsync(card.CardholderId)).GetProperty("posted").GetInt64(), Is.EqualTo(12_500));
    }

    [Test]
    public async Task CardStatusChange_OnTheStandby_Is503WithRetryAfterAndRole_AndTheActiveTakesIt()
    {
        var card = await _active.NewCardAsync(depositMinor: 0);

        using (var refused = await _standby.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/status", new { status = "frozen" }))
        {
            await AssertEngineUnavailableAsync(refused);
        }

        var unchanged = await _standby.Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/cards/{card.CardId}");
        Assert.That(unchanged.GetProperty("status").GetString(), Is.EqualTo("active"), "the refused change changed nothing");

        using var accepted = await _active.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/status", new { status = "frozen" });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        var changed = await _standby.Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/cards/{card.CardId}");
        Assert.That(changed.GetProperty("status").GetString(), Is.EqualTo("frozen"));
    }

    private static async Task AssertEngineUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)), "Retry-After in seconds");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(ProblemTypes.EngineUnavailable));
        Assert.That(problem.GetProperty("engineRole").GetString(), Is.EqualTo("standby"), "the refusal names why this instance cannot take it");
    }

    private static async Task<HttpStatusCode> StatusAsync(EngineHostHarness harness, string path)
    {
        using var response = await harness.Host.Client(null).GetAsync(path);
        return response.StatusCode;
    }
}
