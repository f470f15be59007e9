using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pool.Modules.Jobs.Running;
using Pool.Modules.Jobs.Scheduling;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>
/// The scheduler on real PostgreSQL with a fake clock: each occurrence runs once, missed ticks after
/// downtime are caught up by one run, a job seen for the first time does not run the past, and a
/// disabled job does not run on schedule.
/// </summary>
[TestFixture]
public sealed class JobSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingJob _tokyoDaily = new("tokyo-daily", "30 0 * * *", "Asia/Tokyo");
    private readonly RecordingJob _hourly = new("hourly", "0 * * * *", "UTC");
    private readonly RecordingJob _disabled = new("switched-off", "*/5 * * * *", "UTC");
    private string _connectionString = "";
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("job-scheduler");
        _host = await TestHost.StartAsync(
            _connectionString,
            new Dictionary<string, string?> { ["Jobs:Schedules:switched-off:Enabled"] = "false" },
            additionalModules: [new JobsTestModule(_time, _tokyoDaily, _hourly, _disabled)]);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test, Order(1)]
    public async Task FirstTick_SetsTheBaseline_AndRunsNothingFromThePast()
    {
        var started = await TickAsync();

        Assert.That(started, Is.Empty);
        Assert.That(await ScheduledRunsAsync(_tokyoDaily.Name), Is.Zero);
    }

    [Test, Order(2)]
    public async Task ClockAdvancedHourByHour_RunsEachTokyoOccurrenceOnce_AcrossTheMonthEnd()
    {
        for (var hour = 0; hour < 72; hour++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            await TickAsync();
        }

        // 00:30 in Tokyo on 31 Jan, 1 Feb and 2 Feb is 15:30 UTC the day before.
        Assert.That(_tokyoDaily.ServedTicks, Is.EqualTo(new[]
        {
            new DateTimeOffset(2026, 1, 30, 15, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 31, 15, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 1, 15, 30, 0, TimeSpan.Zero),
        }));
        Assert.That(_hourly.ServedTicks, Has.Count.EqualTo(72));
        Assert.That(_hourly.ServedTicks, Is.Unique);
        Assert.That(await ScheduledRunsAsync(_tokyoDaily.Name), Is.EqualTo(3));
    }

    [Test, Order(3)]
    public async Task AfterALongDowntime_MissedTicksAreCaughtUpByOneRun()
    {
        var before = _hourly.ServedTicks.Count;
        var tokyoBefore = _tokyoDaily.ServedTicks.Count;

        _time.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(20));
        var started = await TickAsync();
        var again = await TickAsync();

        // Count this fixture's own jobs: the real modules declare jobs of their own (ledger-check, …)
        // that the same tick may run too.
        Assert.That(started.All(r => r.Outcome == JobRunOutcome.Succeeded), Is.True);
        Assert.That(_tokyoDaily.ServedTicks, Has.Count.EqualTo(tokyoBefore + 1), "one run per job, not one per missed tick");
        Assert.That(again, Is.Empty);
        Assert.That(_hourly.ServedTicks, Has.Count.EqualTo(before + 1));
        Assert.That(_hourly.ServedTicks[^1], Is.EqualTo(new DateTimeOffset(_time.GetUtcNow().UtcDateTime.Date.AddHours(_time.GetUtcNow().Hour), TimeSpan.Zero)));
        Assert.That(_host.Logs.Lines, Has.Some.Contains("[7006]").And.Contains("hourly"));
    }

    [Test, Order(4)]
    public async Task DisabledJob_DoesNotRunOnSchedule_ButRunsByHand()
    {
        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();
        Assert.That(_disabled.Attempts, Is.Empty);

        var response = await _host.Operator().PostAsync($"/api/jobs/{_disabled.Name}/runs", null);

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted));
        await JobsTestWait.UntilAsync(() => _disabled.Attempts.Count == 1, "the manual run of the disabled job");
    }

    [Test, Order(5)]
    public async Task RunHistory_RecordsTheTickEachScheduledRunServed()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        var rows = (await connection.QueryAsync<(DateTime ScheduledFor, short Outcome, int Attempt)>(
            "SELECT scheduled_for, outcome, attempt FROM jobs.job_runs WHERE job = 'tokyo-daily' AND trigger = 1 ORDER BY id")).ToList();

        Assert.That(rows.Select(r => r.ScheduledFor.Hour), Is.All.EqualTo(15));
        Assert.That(rows.Select(r => r.Outcome), Is.All.EqualTo((short)JobRunOutcome.Succeeded));
        Assert.That(rows.Select(r => r.Attempt), Is.All.EqualTo(1));
    }

    private async Task<IReadOnlyList<JobRunResult>> TickAsync()
    {
        var started = await _host.Services.GetRequiredService<JobScheduler>().TickAsync(CancellationToken.None);
        return await Task.WhenAll(started);
    }

    private async Task<int> ScheduledRunsAsync(string job)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM jobs.job_runs WHERE job = @job AND trigger = 1", new { job });
    }
}
