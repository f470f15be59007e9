using Dapper;
using Npgsql;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Ledger;

/// <summary>
/// The batch writer checks, in Release, that the balances the database holds after the write are the ones it
/// computed; if not, the unit of work fails, nothing is committed and a Critical line is logged.
/// </summary>
[TestFixture]
public sealed class ReleaseInvariantTests
{
    [Test]
    public async Task BalancesWrittenOtherThanComputed_FailTheUnit_AndLogCritical()
    {
        await using var host = await TestHost.StartAsync(await TestDatabase.CreateAsync(nameof(ReleaseInvariantTests)));
        var dataSource = (NpgsqlDataSource)host.Services.GetService(typeof(NpgsqlDataSource))!;
        var transfers = (ILedgerTransfers)host.Services.GetService(typeof(ILedgerTransfers))!;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // A saboteur: every balance update is off by one yen, as a bug in the update would be.
            await connection.ExecuteAsync(
                """
                CREATE FUNCTION ledger.test_sabotage() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.credits_posted := NEW.credits_posted + 1; RETURN NEW; END; $$;
                CREATE TRIGGER test_sabotage BEFORE UPDATE ON ledger.accounts FOR EACH ROW EXECUTE FUNCTION ledger.test_sabotage();
                """);
        }

        Assert.That(
            async () => await transfers.CreateAsync(TransferRequest.Single("sabotaged", SystemAccounts.BankCash, SystemAccounts.Adjustments, 10, TransferCode.Adjustment), CancellationToken.None),
            Throws.Exception.With.Message.Contains("balances"));

        Assert.That(host.Logs.Lines, Has.Some.StartsWith("Critical").And.Contains("[4002]"));
        await using var check = await dataSource.OpenConnectionAsync();
        Assert.That(await check.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.transfers WHERE idempotency_key = 'sabotaged'"), Is.Zero);
    }
}
