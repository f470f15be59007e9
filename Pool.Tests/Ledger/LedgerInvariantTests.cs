using Dapper;
using Npgsql;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>The invariants: zero-sum, balances equal their transfers, a pending resolved at most once, append only.</summary>
[TestFixture]
public sealed class LedgerInvariantTests : LedgerFixture
{
    [Test]
    public async Task RandomSequences_KeepTheLedgerBalanced()
    {
        // A fixed seed, so a failure replays; the sequence mixes every kind, forced and refused transfers.
        var random = new Random(20261125);
        var cardholders = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            cardholders.Add((await NewCardholderAsync(depositMinor: random.Next(0, 20_000))).AccountId);
        }

        var holds = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            var batch = new List<TransferRequest>();
            for (var i = 0; i < 25; i++)
            {
                var account = cardholders[random.Next(cardholders.Count)];
                var amount = random.Next(1, 5_000);
                switch (random.Next(7))
                {
                    case 0:
                        batch.Add(TransferRequest.Single(Key("deposit"), SystemAccounts.BankCash, account, amount, TransferCode.Deposit));
                        break;
                    case 1:
                        batch.Add(TransferRequest.Single(Key("withdrawal"), account, SystemAccounts.BankCash, amount, TransferCode.Withdrawal));
                        break;
                    case 2:
                    case 3:
                        var hold = Key("hold");
                        holds.Add(hold);
                        batch.Add(TransferRequest.Pending(hold, account, SystemAccounts.NetworkSettlement, amount, TransferCode.AuthorizationHold));
                        break;
                    case 4 when holds.Count > 0:
                        batch.Add(TransferRequest.PostPending(Key("post"), holds[random.Next(holds.Count)], amount, TransferCode.Purchase));
                        break;
                    case 5 when holds.Count > 0:
                        batch.Add(TransferRequest.VoidPending(Key("void"), holds[random.Next(holds.Count)], TransferCode.HoldRelease));
                        break;
                    default:
                        batch.Add(TransferRequest.Single(Key("advice"), account, SystemAccounts.NetworkSettlement, amount, TransferCode.Purchase, TransferFlags.Forced));
                        break;
                }
            }

            await CreateBatchAsync(batch);
        }

        await AssertLedgerBalancedAsync();
        await using var connection = await DataSource.OpenConnectionAsync();
        var sums = await connection.QuerySingleAsync<(long Posted, long Pending)>(
            "SELECT sum(debits_posted - credits_posted)::bigint, sum(debits_pending - credits_pending)::bigint FROM ledger.accounts");
        Assert.That(sums, Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Transfers_CannotBeUpdatedOrDeleted()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 100);
        await using var connection = await DataSource.OpenConnectionAsync();

        var update = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("UPDATE ledger.transfers SET amount = amount + 1 WHERE credit_account_id = @account", new { account }));
        var delete = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("DELETE FROM ledger.transfers WHERE credit_account_id = @account", new { account }));
        var truncate = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("TRUNCATE ledger.transfers CASCADE"));

        Assert.That(update!.SqlState, Is.EqualTo(PostgresErrorCodes.RestrictViolation));
        Assert.That(delete!.SqlState, Is.EqualTo(PostgresErrorCodes.RestrictViolation));
        Assert.That(truncate!.SqlState, Is.EqualTo(PostgresErrorCodes.RestrictViolation));
    }

    [Test]
    public async Task ATransferNamingAMissingAccountOrPending_IsRefusedByTheDatabase_WholeStatement()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 1_000);
        await using var connection = await DataSource.OpenConnectionAsync();
        const string insert = """
            INSERT INTO ledger.transfers (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, pending_id, flags, code, created_at)
            SELECT nextval('ledger.transfer_ids'), k, kind, debit, credit, 1, pending, 0, 1, now()
            FROM (VALUES (@good, 1::smallint, @account::bigint, 2::bigint, NULL::bigint), (@bad, @kind, @debit, @credit, @pending)) AS v (k, kind, debit, credit, pending)
            """;

        // Written around the ledger's code, as a bug elsewhere might: one good row and one naming what does not exist.
        var missingDebit = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(insert,
            new { good = Key("good"), bad = Key("bad"), account, kind = (short)1, debit = 987_654_321L, credit = 2L, pending = (long?)null }));
        var missingCredit = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(insert,
            new { good = Key("good"), bad = Key("bad"), account, kind = (short)1, debit = account, credit = 987_654_321L, pending = (long?)null }));
        var missingPending = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(insert,
            new { good = Key("good"), bad = Key("bad"), account, kind = (short)4, debit = account, credit = 2L, pending = (long?)987_654_321L }));

        Assert.That(new[] { missingDebit!.SqlState, missingCredit!.SqlState, missingPending!.SqlState }, Is.All.EqualTo(PostgresErrorCodes.ForeignKeyViolation));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.transfers WHERE debit_account_id = @account AND credit_account_id = 2", new { account }), Is.Zero,
            "the good row of each statement was refused with it");
    }

    [Test]
    public async Task Accounts_CannotBeDeleted_SoNoTransferLosesItsAccount()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 100);
        await using var connection = await DataSource.OpenConnectionAsync();

        var delete = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("DELETE FROM ledger.accounts WHERE id = @account", new { account }));
        var truncate = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("TRUNCATE ledger.accounts CASCADE"));

        Assert.That(delete!.SqlState, Is.EqualTo(PostgresErrorCodes.RestrictViolation));
        Assert.That(truncate!.SqlState, Is.EqualTo(PostgresErrorCodes.RestrictViolation));
    }

    [Test]
    public async Task ASecondResolutionOfAPending_IsRefusedByTheDatabaseToo()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 1_000);
        var holdKey = Key("hold");
        var hold = await CreateAsync(TransferRequest.Pending(holdKey, account, SystemAccounts.NetworkSettlement, 500, TransferCode.AuthorizationHold));
        await CreateAsync(TransferRequest.VoidPending(Key("void"), holdKey, TransferCode.HoldRelease));
        await using var connection = await DataSource.OpenConnectionAsync();

        // Written around the ledger's code, as a bug elsewhere might: the unique index still refuses it.
        var insert = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            """
            INSERT INTO ledger.transfers (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, pending_id, flags, code, created_at)
            VALUES (nextval('ledger.transfer_ids'), @key, 3, @account, 2, 500, @pending, 0, 4, now())
            """,
            new { key = Key("sneaky-post"), account, pending = hold.TransferId }));

        Assert.That(insert!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
    }

    [Test]
    public async Task LedgerCheck_FindsABalanceChangedBehindTheLedgersBack()
    {
        // A fixture database of its own: the tampering below must not leak into the other tests.
        await using var host = await Infrastructure.TestHost.StartAsync(await Infrastructure.TestDatabase.CreateAsync("ledgercheck_tamper"));
        var accounts = (ILedgerAccounts)host.Services.GetService(typeof(ILedgerAccounts))!;
        var check = (ILedgerCheck)host.Services.GetService(typeof(ILedgerCheck))!;
        var dataSource = (NpgsqlDataSource)host.Services.GetService(typeof(NpgsqlDataSource))!;
        var account = await accounts.OpenDepositAccountAsync("ch_tampered", CancellationToken.None);
        await accounts.DepositAsync("ch_tampered", 1_000, "tamper-deposit", CancellationToken.None);
        Assert.That((await check.RunAsync(CancellationToken.None)).IsBalanced, Is.True);

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE ledger.accounts SET credits_posted = credits_posted + 1 WHERE id = @account", new { account });
        }

        var report = await check.RunAsync(CancellationToken.None);

        Assert.That(report.IsBalanced, Is.False);
        Assert.That(report.Findings.Select(f => f.Rule), Is.EquivalentTo(new[] { "zero-sum", "balance-equals-transfers" }));
        Assert.That(report.Findings.Single(f => f.Rule == "balance-equals-transfers").AccountId, Is.EqualTo(account));
        Assert.That(host.Logs.Lines, Has.Some.Contains("[4005]"));
    }

    [Test]
    public async Task LedgerCheck_CountsAccountsAndTransfers()
    {
        await NewCardholderAsync(depositMinor: 100);

        var report = await Check.RunAsync(CancellationToken.None);

        Assert.That(report.AccountsChecked, Is.GreaterThan(7));
        Assert.That(report.TransfersChecked, Is.Positive);
        Assert.That(report.IsBalanced, Is.True);
    }
}
