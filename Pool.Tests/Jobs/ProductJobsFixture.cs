using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Cli;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Authorization;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>
/// A whole host (engine included) on a database of the fixture's own, with a fake clock that tests set to
/// Tokyo wall-clock times, so ledger transfers carry the times a rule is about. Jobs run as <c>job run</c> does
/// (recorded, locked, one attempt), so the summary tests read is the one the run history shows. The clock only
/// moves forward: tests of a fixture are ordered and each works in a later period than the one before.
/// </summary>
public abstract class ProductJobsFixture
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 9, 1, 0, 0, 0, Tokyo).ToUniversalTime());

    internal EngineHostHarness Harness { get; private set; } = null!;

    protected TestHost Host => Harness.Host;

    protected ILedgerAccounts Accounts => Host.Services.GetRequiredService<ILedgerAccounts>();

    [OneTimeSetUp]
    public async Task StartHostAsync() =>
        Harness = await EngineHostHarness.StartOnNewDatabaseAsync(
            GetType().Name,
            new Dictionary<string, string?> { ["Jobs:Retry:MaxAttempts"] = "1" },
            [new JobsTestModule(Time)]);

    [OneTimeTearDown]
    public async Task StopHostAsync() => await Harness.DisposeAsync();

    /// <summary>Sets the clock to a wall-clock time in Tokyo.</summary>
    protected void AtTokyo(int year, int month, int day, int hour, int minute = 0) =>
        Time.SetUtcNow(new DateTimeOffset(year, month, day, hour, minute, 0, Tokyo).ToUniversalTime());

    /// <summary>Sets the clock to a UTC time.</summary>
    protected void AtUtc(int year, int month, int day, int hour, int minute = 0) =>
        Time.SetUtcNow(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero));

    /// <summary>Runs a job as <c>job run name --param p ...</c> does.</summary>
    protected async Task<JobCliRun> RunJobAsync(string name, params string[] parameters)
    {
        var arguments = new List<string> { name };
        foreach (var parameter in parameters)
        {
            arguments.Add("--param");
            arguments.Add(parameter);
        }

        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = await JobVerbs.RunAsync(new CliContext(Host.Services, arguments, output, error), CancellationToken.None);
        return new JobCliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A deposit account with no card (the engine does not hold it): its money moves straight on the ledger.</summary>
    protected async Task<(string CardholderId, long AccountId)> NewAccountAsync()
    {
        var cardholderId = Ids.New("ch");
        return (cardholderId, await Accounts.OpenDepositAccountAsync(cardholderId, CancellationToken.None));
    }

    protected Task DepositAsync(string cardholderId, long amountMinor) =>
        Accounts.DepositAsync(cardholderId, amountMinor, Key("deposit"), CancellationToken.None);

    /// <summary>A cleared purchase with no authorization (forced: it may take the balance below zero).</summary>
    protected async Task PurchaseAsync(long accountId, long amountMinor) =>
        AssertOk(await Transfers.CreateAsync(TransferRequest.Single(Key("purchase"), accountId, SystemAccounts.NetworkSettlement, amountMinor, TransferCode.Purchase, TransferFlags.Forced), CancellationToken.None));

    protected async Task RefundAsync(long accountId, long amountMinor) =>
        AssertOk(await Transfers.CreateAsync(TransferRequest.Single(Key("refund"), SystemAccounts.NetworkSettlement, accountId, amountMinor, TransferCode.Refund), CancellationToken.None));

    /// <summary>One number from the database (a count, a sum).</summary>
    protected async Task<long> ScalarAsync(string sql) => await Harness.ScalarAsync(sql);

    protected static string Key(string what) => $"test:{what}:{Guid.NewGuid():N}";

    private ILedgerTransfers Transfers => Host.Services.GetRequiredService<ILedgerTransfers>();

    private static void AssertOk(TransferOutcome outcome) => Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.Ok));
}

/// <summary>What <c>job run</c> printed and returned.</summary>
public sealed record JobCliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}; output: {Output}; error: {Error}";
}
