using Dapper;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>The scheduler as a hosted service: with <c>Jobs:SchedulerEnabled</c> it looks every tick on its own and runs what is due.</summary>
[TestFixture]
public sealed class JobSchedulerLoopTests
{
    [Test]
    public async Task HostWithTheSchedulerEnabled_RunsADueJobByItself_AndStopsCleanly()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 30, 14, 59, 0, TimeSpan.Zero));
        var job = new RecordingJob("looped", "0 15 * * *", "UTC");
        var connectionString = await TestDatabase.CreateAsync("job-scheduler-loop");
        await using var host = await TestHost.StartAsync(
            connectionString,
            new Dictionary<string, string?> { ["Jobs:SchedulerEnabled"] = "true", ["Jobs:TickIntervalMs"] = "1000" },
            additionalModules: [new JobsTestModule(time, job)]);

        // The first tick records the baseline; only then may the clock move, or the baseline would be the later time.
        await JobsTestWait.UntilAsync(async () => await BaselineAsync(connectionString, job.Name) is not null, "the scheduler's first tick");
        // Each step fires the loop's pending delay on the fake clock; the loop's own pace decides when it looks.
        await JobsTestWait.UntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return job.Attempts.Count > 0;
            },
            "the 15:00 run");
        Assert.That(job.ServedTicks, Is.EqualTo(new[] { new DateTimeOffset(2026, 6, 30, 15, 0, 0, TimeSpan.Zero) }));
        Assert.That(host.Logs.Lines, Has.Some.Contains("[7011]"));
    }

    private static async Task<DateTime?> BaselineAsync(string connectionString, string job)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<DateTime?>(
            "SELECT last_scheduled_for FROM jobs.job_schedule_state WHERE job = @job", new { job });
    }
}
