using Npgsql;
using Pool.Modules.Jobs.Cli;
using Pool.Modules.Jobs.Running;

namespace Pool.Tests.Jobs;

/// <summary>The small rules a run depends on: stored values, what is retried, what an error may say, how the CLI reads its arguments.</summary>
[TestFixture]
public sealed class JobRulesTests
{
    // Values written to jobs.job_runs: changing one would misread history already stored.
    [TestCase("Running", 1)]
    [TestCase("Succeeded", 2)]
    [TestCase("Failed", 3)]
    [TestCase("Skipped", 4)]
    public void PersistedOutcome_KeepsItsValue(string outcome, short stored)
    {
        Assert.That((short)Enum.Parse<JobRunOutcome>(outcome), Is.EqualTo(stored));
        Assert.That(Enum.GetValues<JobRunOutcome>(), Has.Length.EqualTo(4), "a new outcome needs a pinned value here");
    }

    [TestCase("Schedule", 1, "schedule")]
    [TestCase("Manual", 2, "manual")]
    [TestCase("Cli", 3, "cli")]
    public void PersistedTrigger_KeepsItsValueAndWireName(string name, short stored, string wire)
    {
        var trigger = Enum.Parse<JobRunTrigger>(name);
        Assert.That((short)trigger, Is.EqualTo(stored));
        Assert.That(JobRunNames.Of(trigger), Is.EqualTo(wire));
        Assert.That(Enum.GetValues<JobRunTrigger>(), Has.Length.EqualTo(3), "a new trigger needs a pinned value here");
    }

    [Test]
    public void Outcome_WireNames_AreTheSpecsWords()
    {
        Assert.That(Enum.GetValues<JobRunOutcome>().Select(JobRunNames.Of), Is.EqualTo(new[] { "running", "succeeded", "failed", "skipped" }));
    }

    private static IEnumerable<TestCaseData> Failures()
    {
        yield return new TestCaseData(new TimeoutException("slow"), true).SetName("Transient_Timeout_IsRetried");
        yield return new TestCaseData(new HttpRequestException("refused"), true).SetName("Transient_HttpRequestFailure_IsRetried");
        yield return new TestCaseData(new Pool.Modules.Abstractions.JobTransientException("engine standby"), true).SetName("Transient_AJobsOwnTransientFailure_IsRetried");
        yield return new TestCaseData(new NpgsqlException("connection lost", new System.Net.Sockets.SocketException()), true).SetName("Transient_NpgsqlSocketFailure_IsRetried");
        yield return new TestCaseData(new NpgsqlException("bad"), false).SetName("Transient_NpgsqlPermanentFailure_IsNotRetried");
        yield return new TestCaseData(new InvalidOperationException("wrapped", new TimeoutException()), true).SetName("Transient_WrappedTimeout_IsRetried");
        yield return new TestCaseData(new InvalidOperationException("ledger does not balance"), false).SetName("Transient_ABug_IsNotRetried");
        yield return new TestCaseData(new OperationCanceledException(), false).SetName("Transient_Cancellation_IsNotRetried");
        yield return new TestCaseData(new TaskCanceledException("cancelled", new TimeoutException()), false).SetName("Transient_CancellationWrappingATimeout_IsNotRetried");
    }

    [TestCaseSource(nameof(Failures))]
    public void TransientFailure_IsRecognised(Exception exception, bool transient)
    {
        Assert.That(TransientFailure.IsTransient(exception), Is.EqualTo(transient));
    }

    [Test]
    public void RecordedError_NamesTheExceptionType_AndMasksPasswords()
    {
        var error = JobRunError.Describe(new InvalidOperationException("could not open Host=db;Password=hunter2;Username=pool"));

        Assert.That(error, Does.StartWith("InvalidOperationException: could not open"));
        Assert.That(error, Does.Not.Contain("hunter2"));
        Assert.That(error, Does.Contain("Password=***"));
    }

    [Test]
    public void RecordedError_IsCutToItsLimit()
    {
        var error = JobRunError.Describe(new InvalidOperationException(new string('x', 10_000)));

        Assert.That(error, Has.Length.EqualTo(JobRunError.LengthMax));
    }

    [Test]
    public void CliArguments_TakeANameAndParameters()
    {
        var arguments = JobRunArguments.TryParse(["yield-credit", "--param", "month=2026-01", "--param=dry=true"], out var error);

        Assert.That(error, Is.Null);
        Assert.That(arguments!.Name, Is.EqualTo("yield-credit"));
        Assert.That(arguments.Parameters, Is.EqualTo(new Dictionary<string, string> { ["month"] = "2026-01", ["dry"] = "true" }));
    }

    [TestCase("", TestName = "CliArguments_WithoutAName_AreRefused")]
    [TestCase("a b", TestName = "CliArguments_WithTwoNames_AreRefused")]
    [TestCase("a --param", TestName = "CliArguments_WithAParamWithoutValue_AreRefused")]
    [TestCase("a --param novalue", TestName = "CliArguments_WithAParamThatIsNotKeyValue_AreRefused")]
    [TestCase("a --force", TestName = "CliArguments_WithAnUnknownOption_AreRefused")]
    public void CliArguments_Refused(string commandLine)
    {
        var arguments = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(JobRunArguments.TryParse(arguments, out var error), Is.Null);
        Assert.That(error, Is.Not.Null.And.Not.Empty);
    }
}
