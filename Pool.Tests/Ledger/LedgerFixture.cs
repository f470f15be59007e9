using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Ledger;

/// <summary>
/// A host on a database of its own per fixture, with the ledger's contract at hand. Each test opens
/// cardholders of its own (fresh ids), so tests in a fixture do not see each other's balances.
/// </summary>
public abstract class LedgerFixture
{
    protected TestHost Host { get; private set; } = null!;

    protected ILedgerAccounts Accounts => Host.Services.GetRequiredService<ILedgerAccounts>();

    protected ILedgerTransfers Transfers => Host.Services.GetRequiredService<ILedgerTransfers>();

    protected ILedgerCheck Check => Host.Services.GetRequiredService<ILedgerCheck>();

    protected NpgsqlDataSource DataSource => Host.Services.GetRequiredService<NpgsqlDataSource>();

    [OneTimeSetUp]
    public async Task StartHostAsync() =>
        Host = await TestHost.StartAsync(await TestDatabase.CreateAsync(GetType().Name));

    [OneTimeTearDown]
    public async Task StopHostAsync() => await Host.DisposeAsync();

    /// <summary>A new cardholder's deposit account id (and the cardholder id).</summary>
    protected async Task<(string CardholderId, long AccountId)> NewCardholderAsync(long depositMinor = 0)
    {
        var cardholderId = Ids.New("ch");
        var accountId = await Accounts.OpenDepositAccountAsync(cardholderId, CancellationToken.None);
        if (depositMinor > 0)
        {
            await Accounts.DepositAsync(cardholderId, depositMinor, Key("deposit"), CancellationToken.None);
        }

        return (cardholderId, accountId);
    }

    /// <summary>A fresh idempotency key.</summary>
    protected static string Key(string what) => $"test:{what}:{Guid.NewGuid():N}";

    /// <summary>Creates one transfer in a transaction of its own.</summary>
    protected Task<TransferOutcome> CreateAsync(TransferRequest request) => Transfers.CreateAsync(request, CancellationToken.None);

    /// <summary>Creates a batch in one transaction and commits it.</summary>
    protected async Task<IReadOnlyList<TransferOutcome>> CreateBatchAsync(IReadOnlyList<TransferRequest> requests)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var outcomes = await Transfers.CreateAsync(requests, connection, transaction, CancellationToken.None);
        await transaction.CommitAsync();
        return outcomes;
    }

    protected async Task<CardholderBalance> BalanceAsync(string cardholderId) =>
        await Accounts.GetBalanceAsync(cardholderId, CancellationToken.None) ?? throw new AssertionException($"{cardholderId} has no account");

    /// <summary>Asserts the whole ledger check finds nothing.</summary>
    protected async Task AssertLedgerBalancedAsync()
    {
        var report = await Check.RunAsync(CancellationToken.None);
        Assert.That(report.Findings, Is.Empty, string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.AccountId} {f.TransferId}: {f.Detail}")));
    }
}
