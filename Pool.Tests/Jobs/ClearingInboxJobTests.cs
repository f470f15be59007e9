using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Cli;
using Pool.Modules.Jobs.Scheduling;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>
/// clearing-inbox (docs/jobs.md): every settled file of the inbox is imported through the Clearing module, then moved
/// to done/ (imported, or already imported with a note) or rejected/, beside a JSON report; files still being written
/// (modified within the settle time, or named *.part) wait for a later run.
/// </summary>
[TestFixture]
public sealed class ClearingInboxJobTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero));
    private string _inbox = "";
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _inbox = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pool-inbox-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        _host = await TestHost.StartAsync(
            await TestDatabase.CreateAsync(nameof(ClearingInboxJobTests)),
            new Dictionary<string, string?>
            {
                ["Clearing:Inbox:Path"] = _inbox,
                ["Clearing:Inbox:SettleSeconds"] = "60",
                ["Jobs:Retry:MaxAttempts"] = "1",
            },
            additionalModules: [new JobsTestModule(_time)]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        TestDatabase.TryDelete(_inbox);
    }

    [Test, Order(1)]
    public async Task GoodRejectedAndRepeatedFiles_AreMovedBesideTheirReports_AndFilesBeingWrittenWait()
    {
        var example = await File.ReadAllTextAsync(SpecExamples.ClearingSmallPath);
        // A file id of its own (a known one is answered 409 before the records are read), and a trailer count of 4 for 3 details.
        var badTrailer = example.Replace("POOLCLR20261127001", "POOLCLR20261127099", StringComparison.Ordinal)
            .Replace("920000000030000000000018", "920000000040000000000018", StringComparison.Ordinal);
        Assert.That(badTrailer, Is.Not.EqualTo(example), "the example's trailer changed: a count that does not match");
        Drop("a-good.txt", example, settledSeconds: 120);
        Drop("b-rejected.txt", badTrailer, settledSeconds: 120);
        Drop("c-repeat.txt", example, settledSeconds: 120);
        Drop("d-writing.txt", example, settledSeconds: 5);
        Drop("e-copying.txt.part", example, settledSeconds: 3600);

        var run = await RunAsync();

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("3 files: 1 imported, 1 already imported, 1 rejected, 0 interrupted; 1 still being written"));
        var report = Json("done", "a-good.txt.json");
        Assert.That(report.GetProperty("fileId").GetString(), Is.EqualTo("POOLCLR20261127001"));
        Assert.That(report.GetProperty("recordsRead").GetInt64(), Is.EqualTo(5));
        var rejection = Json("rejected", "b-rejected.txt.json");
        Assert.That(rejection.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:file-rejected"));
        Assert.That(rejection.GetProperty("status").GetInt32(), Is.EqualTo(422));
        Assert.That(rejection.GetProperty("recordNumber").GetInt32(), Is.EqualTo(5));
        var note = Json("done", "c-repeat.txt.json");
        Assert.That(note.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:already-imported"));
        Assert.That(note.GetProperty("detail").GetString(), Does.Contain("POOLCLR20261127001"));
        Assert.That(File.Exists(Path.Combine(_inbox, "done", "a-good.txt")) && File.Exists(Path.Combine(_inbox, "rejected", "b-rejected.txt")) && File.Exists(Path.Combine(_inbox, "done", "c-repeat.txt")), Is.True);
        Assert.That(Directory.GetFiles(_inbox).Select(Path.GetFileName), Is.EquivalentTo(new[] { "d-writing.txt", "e-copying.txt.part" }));
    }

    [Test, Order(2)]
    public async Task AFileThatSettled_IsTakenByTheNextRun_AndASecondFileOfTheSameNameIsKeptApart()
    {
        _time.Advance(TimeSpan.FromMinutes(2));
        Drop("a-good.txt", await File.ReadAllTextAsync(SpecExamples.ClearingSmallPath), settledSeconds: 120);

        var run = await RunAsync();

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("2 files: 0 imported, 2 already imported, 0 rejected, 0 interrupted; 0 still being written"));
        Assert.That(File.Exists(Path.Combine(_inbox, "done", "d-writing.txt")), Is.True);
        var copies = Directory.GetFiles(Path.Combine(_inbox, "done"), "a-good.txt*").Select(Path.GetFileName).ToArray();
        Assert.That(copies, Has.Length.EqualTo(4), string.Join(", ", copies)); // the first and its report, the second and its note
        Assert.That(Directory.GetFiles(_inbox).Select(Path.GetFileName), Is.EquivalentTo(new[] { "e-copying.txt.part" }));
    }

    [Test]
    public void EveryBatchJob_IsDeclaredByItsModule_OnADefaultTokyoSchedule()
    {
        var catalog = _host.Services.GetRequiredService<JobCatalog>();

        var schedules = JobsTestModule.ModuleJobs.ToDictionary(name => name, name => catalog.Find(name)?.Definition.DefaultSchedule);

        Assert.That(schedules, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["hold-expiry"] = "10 * * * *",
            ["clearing-inbox"] = "*/5 * * * *",
            ["yield-accrual"] = "5 0 * * *",
            ["yield-credit"] = "30 1 1 * *",
            ["cashback-credit"] = "45 1 1 * *",
            ["ledger-check"] = "30 3 * * *",
        }));
        Assert.That(JobsTestModule.ModuleJobs.Select(name => catalog.Find(name)!.Definition.DefaultTimeZone), Is.All.EqualTo("Asia/Tokyo"));
    }

    private void Drop(string name, string content, int settledSeconds)
    {
        var path = Path.Combine(_inbox, name);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime.AddSeconds(-settledSeconds));
    }

    private JsonElement Json(string folder, string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_inbox, folder, name))).RootElement;

    private async Task<JobCliRun> RunAsync()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = await JobVerbs.RunAsync(new CliContext(_host.Services, ["clearing-inbox"], output, error), CancellationToken.None);
        return new JobCliRun(exitCode, output.ToString(), error.ToString());
    }
}
