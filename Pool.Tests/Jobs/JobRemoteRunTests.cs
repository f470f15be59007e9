using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pool.Host;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Jobs.Running;
using Pool.Modules.Jobs.Scheduling;
using Pool.Tests.Authorization;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>
/// <c>job run</c> of a job that needs the engine (RunsOnActiveEngine), from a one-shot process that never holds
/// it, as the scheduled container task does: the active host runs it through <c>POST /api/jobs/{name}/runs</c>,
/// the verb follows the run and exits with its outcome; a standby answers 503 and the verb gives up at its timeout.
/// </summary>
[TestFixture]
public sealed class JobRemoteRunTests
{
    private EngineHostHarness _active = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _active = await EngineHostHarness.StartOnNewDatabaseAsync("job-remote", new Dictionary<string, string?> { ["Jobs:Retry:MaxAttempts"] = "1" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _active.DisposeAsync();

    [Test]
    public async Task HoldExpiry_FromAProcessWithoutTheEngine_RunsOnTheActiveHost_AndExitsZero()
    {
        var before = await RunsAsync("hold-expiry");

        var exitCode = await JobRunProcessAsync(_active.Host.BaseAddress, "hold-expiry");

        var after = await RunsAsync("hold-expiry");
        Assert.That(exitCode, Is.Zero);
        Assert.That(after, Has.Length.EqualTo(before.Length + 1), "one run in the history");
        var run = after[0];
        Assert.That(run.GetProperty("outcome").GetString(), Is.EqualTo("succeeded"));
        Assert.That(run.GetProperty("trigger").GetString(), Is.EqualTo("manual"), "run by the active host's API, not by the process itself (cli)");
        Assert.That(run.GetProperty("summary").GetString(), Does.StartWith("released 0 holds"));
    }

    [Test]
    public async Task YieldCredit_ThatFailsOnTheActiveHost_ExitsOne_WithTheParameterPassedThrough()
    {
        var exitCode = await JobRunProcessAsync(_active.Host.BaseAddress, "yield-credit", "--param", "month=2026-13");

        var run = (await RunsAsync("yield-credit"))[0];
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(run.GetProperty("outcome").GetString(), Is.EqualTo("failed"));
        Assert.That(run.GetProperty("error").GetString(), Does.Contain("2026-13"));
    }

    [Test]
    public async Task AStandby_Answers503_AndTheVerbGivesUpAtItsTimeout_WithoutARun()
    {
        await using var standby = await TestHost.StartAsync(_active.ConnectionString);
        var before = await RunsAsync("cashback-credit");

        using var response = await standby.Operator().PostAsync("/api/jobs/cashback-credit/runs", null);
        var exitCode = await JobRunProcessAsync(standby.BaseAddress, "cashback-credit", "--Jobs:Remote:TimeoutSeconds=2");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo(ProblemTypes.EngineUnavailable));
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(await RunsAsync("cashback-credit"), Has.Length.EqualTo(before.Length), "no run was recorded");
    }

    [Test]
    public async Task ADueTickOfAnEngineJob_IsLeftByTheStandby_AndTakenByTheActiveHost()
    {
        await using var standby = await TestHost.StartAsync(_active.ConnectionString);
        // hold-expiry (hourly) last served three hours ago: a tick is due.
        await _active.ScalarAsync(
            "INSERT INTO jobs.job_schedule_state (job, last_scheduled_for) VALUES ('hold-expiry', now() - interval '3 hours') " +
            "ON CONFLICT (job) DO UPDATE SET last_scheduled_for = excluded.last_scheduled_for RETURNING 1");
        var before = await RunsAsync("hold-expiry");

        var standbyRuns = await standby.Services.GetRequiredService<JobScheduler>().TickAsync(CancellationToken.None);
        var afterStandby = await RunsAsync("hold-expiry");
        var activeRuns = await _active.Host.Services.GetRequiredService<JobScheduler>().TickAsync(CancellationToken.None);
        var results = await Task.WhenAll(activeRuns);

        Assert.That(standbyRuns, Is.Empty, "the standby claims no tick of a job that needs the engine");
        Assert.That(afterStandby, Has.Length.EqualTo(before.Length));
        Assert.That(results.Count(r => r.Outcome == JobRunOutcome.Succeeded), Is.EqualTo(1), "the active host runs the due tick");
        Assert.That((await RunsAsync("hold-expiry"))[0].GetProperty("trigger").GetString(), Is.EqualTo("schedule"));
    }

    [Test]
    public async Task StartRun_WithAnEmptyParameterKey_IsRefused_NamingParameters()
    {
        using var response = await _active.Host.Operator().PostAsJsonAsync("/api/jobs/yield-accrual/runs", new { parameters = new Dictionary<string, string> { [""] = "x" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("parameters", out _), Is.True);
    }

    /// <summary>
    /// <c>Pool.Host job run</c> as its own host (the CLI path: no hosted services, so no engine), configured as the
    /// job task is: the database and Jobs:Remote with an operator key.
    /// </summary>
    private async Task<int> JobRunProcessAsync(Uri activeAddress, string job, params string[] more) =>
        await PoolProgram.RunAsync(
        [
            "job", "run", job, .. more.Where(m => !m.StartsWith("--Jobs:", StringComparison.Ordinal)),
            $"--ConnectionStrings:Pool={_active.ConnectionString}",
            $"--Jobs:Remote:BaseAddress={activeAddress}",
            $"--Jobs:Remote:ApiKey={TestHost.OperatorKey}",
            "--Jobs:Remote:PollIntervalMs=50",
            .. more.Where(m => m.StartsWith("--Jobs:", StringComparison.Ordinal)),
        ]);

    private async Task<JsonElement[]> RunsAsync(string job)
    {
        var page = await _active.Host.Viewer().GetFromJsonAsync<JsonElement>(string.Create(CultureInfo.InvariantCulture, $"/api/jobs/{job}/runs?limit=100"));
        return page.GetProperty("items").EnumerateArray().ToArray();
    }
}
