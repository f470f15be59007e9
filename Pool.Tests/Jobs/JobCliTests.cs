using Microsoft.Extensions.Time.Testing;
using Pool.Host;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Cli;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary><c>job run</c> and <c>job list</c>: one-shot runs whose exit code tells the outcome, as a scheduled container task needs.</summary>
[TestFixture]
public sealed class JobCliTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingJob _reporting = new("reporting");
    private readonly RecordingJob _failing = new("failing");
    private string _connectionString = "";
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("job-cli");
        _host = await TestHost.StartAsync(_connectionString, additionalModules: [new JobsTestModule(_time, _reporting, _failing)]);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task JobRun_ThatSucceeds_PrintsProgressAndSummary_AndExitsZero()
    {
        _reporting.Behaviour = (_, context, _) =>
        {
            context.Progress.Report($"month {context.Parameters["month"]}: 3 of 3 accounts");
            return Task.FromResult("credited 3 accounts");
        };
        using var output = new StringWriter();

        var exitCode = await RunVerbAsync(["reporting", "--param", "month=2026-04"], output, TextWriter.Null);

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output.ToString(), Does.Contain("month 2026-04: 3 of 3 accounts").And.Contain("credited 3 accounts"));
    }

    [Test]
    public async Task JobRun_ThatFails_PrintsTheError_AndExitsOne()
    {
        _failing.Behaviour = (_, _, _) => throw new InvalidOperationException("no clearing file today");
        using var error = new StringWriter();

        var exitCode = await RunVerbAsync(["failing"], TextWriter.Null, error);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("no clearing file today"));
    }

    [TestCase("no-such-job", TestName = "JobRun_OfAnUnknownJob_ExitsTwo")]
    [TestCase("reporting --param broken", TestName = "JobRun_WithABadParameter_ExitsTwo")]
    [TestCase("", TestName = "JobRun_WithoutAName_ExitsTwo")]
    public async Task JobRun_Usage_ExitsTwo(string commandLine)
    {
        var exitCode = await RunVerbAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), TextWriter.Null, TextWriter.Null);

        Assert.That(exitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task JobList_ShowsEachJobsScheduleZoneAndLastOutcome()
    {
        await RunVerbAsync(["reporting", "--param", "month=2026-04"], TextWriter.Null, TextWriter.Null);
        using var output = new StringWriter();

        var exitCode = await JobVerbs.ListAsync(new CliContext(_host.Services, [], output, TextWriter.Null), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(0));
        var line = output.ToString().Split('\n').Single(l => l.StartsWith("reporting", StringComparison.Ordinal));
        Assert.That(line, Does.Contain("30 0 * * *").And.Contain("Asia/Tokyo").And.Contain("succeeded"));
    }

    [Test]
    public async Task PoolProgram_JobRunOfAnUnknownJob_ExitsTwo()
    {
        var exitCode = await PoolProgram.RunAsync(["job", "run", "no-such-job", $"--ConnectionStrings:Pool={_connectionString}"]);

        Assert.That(exitCode, Is.EqualTo(2));
    }

    private async Task<int> RunVerbAsync(string[] arguments, TextWriter output, TextWriter error) =>
        await JobVerbs.RunAsync(new CliContext(_host.Services, arguments, output, error), CancellationToken.None);
}
