using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Ledger;

/// <summary>The ledger's limits come from configuration, are checked when the host starts, and hold at run time.</summary>
[TestFixture]
public sealed class LedgerOptionsTests
{
    [TestCase("Ledger:TransfersPerBatchMax", "0", TestName = "TransfersPerBatchMax_OfZero_StopsTheHost")]
    [TestCase("Ledger:ConflictRetriesMax", "-1", TestName = "ConflictRetriesMax_Negative_StopsTheHost")]
    [TestCase("Ledger:BatchCommandTimeoutSeconds", "0", TestName = "BatchCommandTimeoutSeconds_OfZero_StopsTheHost")]
    public async Task InvalidLimit_StopsTheHost(string key, string value)
    {
        var connectionString = await TestDatabase.CreateAsync("ledger_options");

        Assert.That(
            async () => await (await TestHost.StartAsync(connectionString, new Dictionary<string, string?> { [key] = value })).DisposeAsync(),
            Throws.InstanceOf<OptionsValidationException>().With.Message.Contains(key.Split(':')[1]));
    }

    [Test]
    public async Task BatchAboveTransfersPerBatchMax_IsABug_AndThrows_WithoutWriting()
    {
        await using var host = await TestHost.StartAsync(await TestDatabase.CreateAsync("ledger_batch_max"), new Dictionary<string, string?> { ["Ledger:TransfersPerBatchMax"] = "2" });
        var transfers = host.Services.GetRequiredService<ILedgerTransfers>();
        await using var connection = await host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var batch = Enumerable.Range(0, 3)
            .Select(i => TransferRequest.Single($"over-{i}", SystemAccounts.BankCash, SystemAccounts.Adjustments, 1, TransferCode.Adjustment))
            .ToList();

        Assert.That(
            async () => await transfers.CreateAsync(batch, connection, transaction, CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("TransfersPerBatchMax"));
    }
}
