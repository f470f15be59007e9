using System.Diagnostics.Metrics;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pool.Modules.Jobs.Persistence;
using Pool.Modules.Jobs.Running;
using Pool.Modules.Jobs.Scheduling;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>
/// Failures: a transient one is retried and each attempt recorded; a permanent one fails the run with
/// its error, logs an error, counts it, and calls the alert webhook with the runbook link.
/// </summary>
[TestFixture]
public sealed class JobFailureTests
{
    private const string RunbookBaseUrl = "https://runbooks.example/pool/";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingJob _flaky = new("flaky");
    private readonly RecordingJob _broken = new("broken");
    private readonly RecordingJob _unreachable = new("unreachable");
    private readonly RecordingJob _orphaned = new("orphaned");
    private string _connectionString = "";
    private WebhookReceiver _webhook = null!;
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _webhook = await WebhookReceiver.StartAsync();
        _connectionString = await TestDatabase.CreateAsync("job-failures");
        _host = await TestHost.StartAsync(
            _connectionString,
            new Dictionary<string, string?>
            {
                ["Jobs:Alerts:WebhookUrl"] = _webhook.Url.ToString(),
                ["Jobs:Alerts:RunbookBaseUrl"] = RunbookBaseUrl,
                ["Jobs:Retry:MaxAttempts"] = "3",
                // No wait between attempts: the backoff itself is Polly's, and these tests are about what is recorded.
                ["Jobs:Retry:BaseDelayMs"] = "0",
            },
            additionalModules: [new JobsTestModule(_time, _flaky, _broken, _unreachable, _orphaned)]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        await _webhook.DisposeAsync();
    }

    [Test]
    public async Task TransientFailure_ThenSuccess_RecordsBothAttempts_AndSucceeds()
    {
        _flaky.Behaviour = (attempt, _, _) => attempt == 1
            ? throw new TimeoutException("the ledger did not answer in time")
            : Task.FromResult("credited 12 accounts");

        var result = await RunAsync(_flaky);

        Assert.That((result.Outcome, result.Attempts, result.Summary), Is.EqualTo((JobRunOutcome.Succeeded, 2, "credited 12 accounts")));
        var store = _host.Services.GetRequiredService<JobRunStore>();
        var attempts = await store.AttemptsAsync(result.RunId, CancellationToken.None);
        Assert.That(attempts.Select(a => a.Attempt), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(attempts[0].Error, Is.EqualTo("TimeoutException: the ledger did not answer in time"));
        Assert.That(attempts[1].Error, Is.Null);
        var run = await store.GetAsync(_flaky.Name, result.RunId, CancellationToken.None);
        Assert.That((run!.RunOutcome, run.Attempt, run.Error), Is.EqualTo((JobRunOutcome.Succeeded, 2, (string?)null)));
        Assert.That(_host.Logs.Lines, Has.Some.Contains("[7005]").And.Contains("flaky"));
    }

    [Test]
    public async Task PermanentFailure_IsRecordedFailedWithItsError_AndNotRetried_AndAlerts()
    {
        _broken.Behaviour = (_, _, _) => throw new InvalidOperationException("the ledger does not balance");
        var measurements = new List<(long Value, string? Outcome)>();
        using var listener = ListenToRuns(_broken.Name, measurements);

        var result = await RunAsync(_broken);

        Assert.That((result.Outcome, result.Attempts), Is.EqualTo((JobRunOutcome.Failed, 1)));
        Assert.That(result.Error, Is.EqualTo("InvalidOperationException: the ledger does not balance"));
        var run = await _host.Services.GetRequiredService<JobRunStore>().GetAsync(_broken.Name, result.RunId, CancellationToken.None);
        Assert.That((run!.RunOutcome, run.Error, run.EndedAt), Is.EqualTo((JobRunOutcome.Failed, result.Error, (DateTime?)_time.GetUtcNow().UtcDateTime)));

        var alert = await _webhook.WaitForAsync(body => body.GetProperty("job").GetString() == _broken.Name, JobsTestWait.Deadline);
        Assert.That(alert.GetProperty("runbook").GetString(), Is.EqualTo(RunbookBaseUrl + "job-failed.md"));
        Assert.That(alert.GetProperty("runId").GetString(), Is.EqualTo(result.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(alert.GetProperty("outcome").GetString(), Is.EqualTo("failed"));
        Assert.That(alert.GetProperty("error").GetString(), Does.Contain("the ledger does not balance"));
        Assert.That(alert.GetProperty("text").GetString(), Does.Contain(_broken.Name).And.Contain(RunbookBaseUrl + "job-failed.md"));
        Assert.That(alert.GetProperty("startedAt").ValueKind, Is.EqualTo(JsonValueKind.String));

        Assert.That(_host.Logs.Lines, Has.Some.StartsWith("Error").And.Contains("[7003]").And.Contains(_broken.Name));
        Assert.That(measurements, Is.EqualTo(new[] { (1L, (string?)"failed") }));
    }

    [Test]
    public async Task TransientFailure_EveryAttempt_FailsAfterMaxAttempts_AndAlerts()
    {
        _unreachable.Behaviour = (_, _, _) => throw new HttpRequestException("connection refused");

        var result = await RunAsync(_unreachable);

        Assert.That((result.Outcome, result.Attempts), Is.EqualTo((JobRunOutcome.Failed, 3)));
        var attempts = await _host.Services.GetRequiredService<JobRunStore>().AttemptsAsync(result.RunId, CancellationToken.None);
        Assert.That(attempts.Select(a => a.Error), Is.All.EqualTo("HttpRequestException: connection refused"));
        await _webhook.WaitForAsync(body => body.GetProperty("job").GetString() == _unreachable.Name, JobsTestWait.Deadline);
    }

    [Test]
    public async Task RunLeftRunningByADeadInstance_IsRecordedFailed_WhenTheNextRunTakesTheLock()
    {
        // A run that began an attempt and whose instance died: its row still says running, but no one holds the lock.
        await using var connection = new NpgsqlConnection(_connectionString);
        var orphan = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO jobs.job_runs (job, trigger, scheduled_for, started_at, outcome, attempt)
            VALUES ('orphaned', 1, '2026-03-31T15:30:00Z', '2026-03-31T15:30:01Z', 1, 1) RETURNING id
            """);

        var result = await RunAsync(_orphaned);

        Assert.That(result.Outcome, Is.EqualTo(JobRunOutcome.Succeeded));
        var row = await _host.Services.GetRequiredService<JobRunStore>().GetAsync(_orphaned.Name, orphan, CancellationToken.None);
        Assert.That((row!.RunOutcome, row.Error), Is.EqualTo((JobRunOutcome.Failed, (string?)JobRunner.InterruptedError)));
        Assert.That(row.EndedAt, Is.Not.Null);
        Assert.That(_host.Logs.Lines, Has.Some.Contains("[7012]").And.Contains("orphaned"));
    }

    private async Task<JobRunResult> RunAsync(RecordingJob job)
    {
        var schedule = _host.Services.GetRequiredService<JobCatalog>().Find(job.Name)!;
        return await _host.Services.GetRequiredService<JobRunner>().RunAsync(schedule, JobRunTrigger.Manual, null, null, null, null, CancellationToken.None);
    }

    private static MeterListener ListenToRuns(string job, List<(long Value, string? Outcome)> measurements)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Pool.Jobs" && instrument.Name == "pool.jobs.runs")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? seenJob = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "job")
                {
                    seenJob = tag.Value as string;
                }
                else if (tag.Key == "outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            if (seenJob == job)
            {
                lock (measurements)
                {
                    measurements.Add((value, outcome));
                }
            }
        });
        listener.Start();
        return listener;
    }
}
