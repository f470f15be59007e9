using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pool.Modules.Jobs.Running;
using Pool.Modules.Jobs.Scheduling;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>The jobs endpoints (admin-api.md §3): list, start a run, run history, one run; roles and unknown jobs.</summary>
[TestFixture]
public sealed class JobsApiTests
{
    // 10:00 UTC on 31 January is 19:00 in Tokyo: the next 00:30 Tokyo is 15:30 UTC the same day.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingJob _listed = new("listed", "30 0 * * *", "Asia/Tokyo", "Expires holds past their time.");
    private readonly RecordingJob _started = new("started");
    private readonly RecordingJob _paged = new("paged");
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await TestHost.StartAsync(
            await TestDatabase.CreateAsync("jobs-api"),
            new Dictionary<string, string?> { ["Jobs:Schedules:paged:Enabled"] = "false" },
            additionalModules: [new JobsTestModule(_time, _listed, _started, _paged)]);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task ListJobs_ShowsScheduleZoneAndNextRun_ForAViewer()
    {
        var list = await _host.Viewer().GetFromJsonAsync<JsonElement>("/api/jobs");

        var job = list.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("name").GetString() == _listed.Name);
        Assert.That(job.GetProperty("description").GetString(), Is.EqualTo("Expires holds past their time."));
        Assert.That(job.GetProperty("schedule").GetString(), Is.EqualTo("30 0 * * *"));
        Assert.That(job.GetProperty("timeZone").GetString(), Is.EqualTo("Asia/Tokyo"));
        Assert.That(job.GetProperty("enabled").GetBoolean(), Is.True);
        Assert.That(job.GetProperty("lastRun").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(job.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 1, 31, 15, 30, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task ListJobs_ADisabledJob_HasNoNextRun()
    {
        var list = await _host.Viewer().GetFromJsonAsync<JsonElement>("/api/jobs");

        var job = list.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("name").GetString() == _paged.Name);
        Assert.That(job.GetProperty("enabled").GetBoolean(), Is.False);
        Assert.That(job.GetProperty("nextRunAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task StartRun_AsOperator_Is202WithTheRunningRunAndItsLocation_ThenSucceeds()
    {
        _started.Behaviour = (_, _, _) => Task.FromResult("expired 2 holds");

        var response = await _host.Operator().PostAsync($"/api/jobs/{_started.Name}/runs", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = run.GetProperty("id").GetString();
        Assert.That(run.GetProperty("outcome").GetString(), Is.EqualTo("running"));
        Assert.That(run.GetProperty("trigger").GetString(), Is.EqualTo("manual"));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/jobs/{_started.Name}/runs/{id}"));

        JsonElement finished = default;
        await JobsTestWait.UntilAsync(
            async () =>
            {
                finished = await _host.Viewer().GetFromJsonAsync<JsonElement>(response.Headers.Location);
                return finished.GetProperty("outcome").GetString() != "running";
            },
            "the started run to end");
        Assert.That(finished.GetProperty("outcome").GetString(), Is.EqualTo("succeeded"));
        Assert.That(finished.GetProperty("summary").GetString(), Is.EqualTo("expired 2 holds"));
        Assert.That(finished.GetProperty("attempt").GetInt32(), Is.EqualTo(1));
        Assert.That(finished.GetProperty("endedAt").ValueKind, Is.EqualTo(JsonValueKind.String));

        var list = await _host.Viewer().GetFromJsonAsync<JsonElement>("/api/jobs");
        var job = list.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("name").GetString() == _started.Name);
        Assert.That(job.GetProperty("lastRun").GetProperty("id").GetString(), Is.EqualTo(id));
    }

    [Test]
    public async Task StartRun_AsViewer_Is403()
    {
        var response = await _host.Viewer().PostAsync($"/api/jobs/{_started.Name}/runs", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("POST", "/api/jobs/no-such-job/runs", TestName = "StartRun_OfAnUnknownJob_Is404Problem")]
    [TestCase("GET", "/api/jobs/no-such-job/runs", TestName = "RunHistory_OfAnUnknownJob_Is404Problem")]
    [TestCase("GET", "/api/jobs/listed/runs/999999", TestName = "Run_ThatDoesNotExist_Is404Problem")]
    [TestCase("GET", "/api/jobs/listed/runs/not-an-id", TestName = "Run_WithAMalformedId_Is404Problem")]
    public async Task Unknown_Is404Problem(string method, string path)
    {
        var response = await _host.Operator().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:not-found"));
    }

    [Test]
    public async Task RunHistory_IsNewestFirst_AndPagedByCursor()
    {
        var schedule = _host.Services.GetRequiredService<JobCatalog>().Find(_paged.Name)!;
        var runner = _host.Services.GetRequiredService<JobRunner>();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var result = await runner.RunAsync(schedule, JobRunTrigger.Cli, null, null, null, null, CancellationToken.None);
            ids.Add(result.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var first = await _host.Viewer().GetFromJsonAsync<JsonElement>($"/api/jobs/{_paged.Name}/runs?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await _host.Viewer().GetFromJsonAsync<JsonElement>($"/api/jobs/{_paged.Name}/runs?limit=2&cursor={cursor}");

        Assert.That(first.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()), Is.EqualTo(new[] { ids[2], ids[1] }));
        Assert.That(second.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()), Is.EqualTo(new[] { ids[0] }));
        Assert.That(second.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var item = second.GetProperty("items")[0];
        Assert.That(item.GetProperty("outcome").GetString(), Is.EqualTo("succeeded"));
        Assert.That(item.GetProperty("trigger").GetString(), Is.EqualTo("cli"));
        Assert.That(item.GetProperty("summary").GetString(), Is.EqualTo("did attempt 1"));
        Assert.That(item.GetProperty("scheduledFor").GetDateTimeOffset(), Is.EqualTo(_time.GetUtcNow()));
    }

    [TestCase("limit=0", TestName = "RunHistory_WithALimitOfZero_Is400NamingLimit")]
    [TestCase("limit=501", TestName = "RunHistory_WithALimitAboveTheMax_Is400NamingLimit")]
    [TestCase("cursor=abc", TestName = "RunHistory_WithAForeignCursor_Is400NamingCursor")]
    public async Task RunHistory_BadPaging_Is400(string query)
    {
        var response = await _host.Viewer().GetAsync($"/api/jobs/{_paged.Name}/runs?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty(query.Split('=')[0], out _), Is.True);
    }
}
