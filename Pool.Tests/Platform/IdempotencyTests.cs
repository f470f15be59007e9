using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Platform;

/// <summary>A POST with an Idempotency-Key, repeated, returns the first answer and does nothing else (admin-api.md §1).</summary>
[TestFixture]
public sealed class IdempotencyTests
{
    private TestHost _host = null!;
    private readonly ProbeModule _probe = new();

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _host = await TestHost.StartAsync(await TestDatabase.CreateAsync(nameof(IdempotencyTests)), additionalModules: [_probe]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task RepeatWithSameKey_RunsOnce_AndReplaysTheFirstAnswer()
    {
        var before = _probe.Runs;
        using var first = await _host.Operator().SendAsync(AccessTests.Post("/api/probe/things", new { name = "once" }, "same-key"));
        using var second = await _host.Operator().SendAsync(AccessTests.Post("/api/probe/things", new { name = "once" }, "same-key"));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(second.Headers.Contains("Idempotent-Replayed"), Is.True);
        Assert.That(_probe.Runs - before, Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentRepeats_RunOnce()
    {
        var before = _probe.Runs;
        var client = _host.Operator();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            client.SendAsync(AccessTests.Post("/api/probe/things", new { name = "race" }, "race-key"))));

        Assert.That(_probe.Runs - before, Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.GreaterThanOrEqualTo(1));
        Assert.That(responses.All(r => r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict), Is.True);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task MissingKey_Is400NamingTheHeader_AndRunsNothing()
    {
        var before = _probe.Runs;

        using var response = await _host.Operator().PostAsJsonAsync("/api/probe/things", new { name = "nokey" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:idempotency-key-required"));
        Assert.That(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), Is.True);
        Assert.That(_probe.Runs, Is.EqualTo(before));
    }

    [Test]
    public async Task SameKey_WithADifferentRequest_Is422_AndRunsNothing()
    {
        using var first = await _host.Operator().SendAsync(AccessTests.Post("/api/probe/things", new { name = "a" }, "reused-key"));
        var before = _probe.Runs;

        using var second = await _host.Operator().SendAsync(AccessTests.Post("/api/probe/things", new { name = "b" }, "reused-key"));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(_probe.Runs, Is.EqualTo(before));
    }

    [Test]
    public async Task SameKey_FromAnotherApiKey_IsAnotherRequest()
    {
        var before = _probe.Runs;
        using var first = await _host.Operator().SendAsync(AccessTests.Post("/api/probe/things", new { name = "scoped" }, "scoped-key"));
        using var second = await _host.Admin().SendAsync(AccessTests.Post("/api/probe/things", new { name = "scoped" }, "scoped-key"));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(_probe.Runs - before, Is.EqualTo(2));
    }
}
