using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Cli;
using Pool.Modules.Jobs.Scheduling;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>
/// One run at a time across instances: two hosts on one database never both run a scheduled tick, and
/// a run that finds its job running on the other host records <c>skipped</c> and stops.
/// </summary>
[TestFixture]
public sealed class JobLockTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingJob _everyMinute = new("every-minute", "* * * * *", "UTC");
    private readonly RecordingJob _slow = new("slow", "0 0 1 1 *", "UTC");
    private readonly RecordingJob _quick = new("quick", "0 0 1 1 *", "UTC");
    private string _connectionString = "";
    private TestHost _first = null!;
    private TestHost _second = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("job-lock");
        // The modules' own jobs (clearing-inbox every 5 minutes, hold-expiry hourly) would start runs of their own.
        _first = await TestHost.StartAsync(_connectionString, JobsTestModule.ModuleSchedulesOff(), additionalModules: [new JobsTestModule(_time, _everyMinute, _slow, _quick)]);
        _second = await TestHost.StartAsync(_connectionString, JobsTestModule.ModuleSchedulesOff(), additionalModules: [new JobsTestModule(_time, _everyMinute, _slow, _quick)]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Test]
    public async Task TwoSchedulers_OnOneDatabase_RunEachTickOnce()
    {
        var first = _first.Services.GetRequiredService<JobScheduler>();
        var second = _second.Services.GetRequiredService<JobScheduler>();
        await Task.WhenAll(first.TickAsync(CancellationToken.None), second.TickAsync(CancellationToken.None));

        for (var minute = 0; minute < 20; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            var ticks = await Task.WhenAll(first.TickAsync(CancellationToken.None), second.TickAsync(CancellationToken.None));
            var started = ticks.SelectMany(t => t).ToList();
            Assert.That(started, Has.Count.EqualTo(1), $"minute {minute}: exactly one instance claims the tick");
            await Task.WhenAll(started);
        }

        Assert.That(_everyMinute.ServedTicks, Has.Count.EqualTo(20));
        Assert.That(_everyMinute.ServedTicks, Is.Unique);
        await using var connection = new NpgsqlConnection(_connectionString);
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM jobs.job_runs WHERE job = 'every-minute'"), Is.EqualTo(20));
    }

    [Test]
    public async Task RunOnTheOtherHost_WhileTheJobRuns_IsSkippedAsAlreadyRunning()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _slow.Behaviour = async (_, _, cancellationToken) =>
        {
            entered.TrySetResult();
            try
            {
                await release.Task.WaitAsync(JobsTestWait.Deadline, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Not a TimeoutException: that is transient and would be retried after a delay on the fake
                // clock, which never passes. A broken lock (two runs at once) must fail the test, not hang it.
                throw new InvalidOperationException("the test never released the job");
            }
            return "slow work done";
        };

        var running = await _first.Operator().PostAsync($"/api/jobs/{_slow.Name}/runs", null);
        await entered.Task.WaitAsync(JobsTestWait.Deadline);
        var skipped = await _second.Operator().PostAsync($"/api/jobs/{_slow.Name}/runs", null);
        var cliExitCode = await JobVerbs.RunAsync(new CliContext(_second.Services, [_slow.Name], TextWriter.Null, TextWriter.Null), CancellationToken.None);
        release.SetResult();

        Assert.That(running.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await running.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString(), Is.EqualTo("running"));
        Assert.That(skipped.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var skippedRun = await skipped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(skippedRun.GetProperty("outcome").GetString(), Is.EqualTo("skipped"));
        Assert.That(skippedRun.GetProperty("summary").GetString(), Is.EqualTo("already running"));
        Assert.That(cliExitCode, Is.EqualTo(JobVerbs.ExitAlreadyRunning));
        Assert.That(_slow.Attempts, Has.Count.EqualTo(1), "the skipped runs never started the work");

        await JobsTestWait.UntilAsync(async () => (await OutcomesAsync(_slow.Name)).Contains("succeeded"), "the first run to end");
        Assert.That(await OutcomesAsync(_slow.Name), Is.EquivalentTo(new[] { "succeeded", "skipped", "skipped" }));
    }

    [Test]
    public async Task LockIsReleased_WhenTheRunEnds()
    {
        var first = await JobVerbs.RunAsync(new CliContext(_first.Services, [_quick.Name], TextWriter.Null, TextWriter.Null), CancellationToken.None);
        var second = await JobVerbs.RunAsync(new CliContext(_second.Services, [_quick.Name], TextWriter.Null, TextWriter.Null), CancellationToken.None);

        Assert.That((first, second), Is.EqualTo((JobVerbs.ExitSucceeded, JobVerbs.ExitSucceeded)));
    }

    private async Task<IReadOnlyList<string>> OutcomesAsync(string job)
    {
        var page = await _first.Viewer().GetFromJsonAsync<JsonElement>($"/api/jobs/{job}/runs");
        return page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()!).ToList();
    }
}
