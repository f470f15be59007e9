using Npgsql;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;

namespace Pool.Modules.Ledger.Persistence;

/// <summary>
/// The SQL of the product jobs (yield accrual and credit, cashback credit): balances and purchases read from
/// ledger.transfers as of a past instant, so a late run for a past day or month reads what was true then (the
/// ledger is append-only and every transfer carries its commit time). Posted balance counts single-phase
/// transfers and posts (kinds 1 and 3); pending transfers and voids move no posted money. Each read walks
/// deposit accounts in id order, a page at a time.
/// </summary>
internal static class ProductStore
{
    private const string AccrueSql = """
        WITH page AS (
            SELECT id FROM ledger.accounts
            WHERE kind = 100 AND id > @after
            ORDER BY id
            LIMIT @take
        ),
        balances AS (
            SELECT page.id,
                   coalesce((SELECT sum(t.amount) FROM ledger.transfers t
                             WHERE t.credit_account_id = page.id AND t.kind IN (1, 3) AND t.created_at < @dayEnd), 0)
                 - coalesce((SELECT sum(t.amount) FROM ledger.transfers t
                             WHERE t.debit_account_id = page.id AND t.kind IN (1, 3) AND t.created_at < @dayEnd), 0) AS balance
            FROM page
        ),
        accrued AS (
            INSERT INTO ledger.yield_accruals (account_id, business_date, balance_minor, accrued_minor, accrued_at)
            SELECT id, @day, balance, round(balance / @divisor, 12), @now
            FROM balances
            WHERE balance > 0
            ON CONFLICT (account_id, business_date) DO NOTHING
            RETURNING balance_minor
        )
        SELECT (SELECT max(id) FROM page),
               (SELECT count(*) FROM page),
               (SELECT count(*) FROM accrued),
               (SELECT coalesce(sum(balance_minor), 0) FROM accrued),
               (SELECT count(*) FROM balances WHERE balance < 0)
        """;

    private const string YieldDueSql = """
        WITH page AS (
            SELECT id, cardholder_id FROM ledger.accounts
            WHERE kind = 100 AND id > @after
            ORDER BY id
            LIMIT @take
        )
        SELECT page.id, page.cardholder_id,
               coalesce((SELECT sum(y.balance_minor) FROM ledger.yield_accruals y
                         WHERE y.account_id = page.id AND y.business_date < @monthEnd), 0),
               coalesce((SELECT sum(t.amount) FROM ledger.transfers t
                         WHERE t.credit_account_id = page.id AND t.code = @yield), 0)::bigint,
               (SELECT max(t.idempotency_key) FROM ledger.transfers t
                WHERE t.credit_account_id = page.id AND t.code = @yield)
        FROM page
        ORDER BY page.id
        """;

    private const string CashbackDueSql = """
        WITH page AS (
            SELECT id, cardholder_id FROM ledger.accounts
            WHERE kind = 100 AND id > @after
            ORDER BY id
            LIMIT @take
        )
        SELECT page.id, page.cardholder_id,
               coalesce((SELECT sum(t.amount) FROM ledger.transfers t
                         WHERE t.debit_account_id = page.id AND t.code = @purchase AND t.kind IN (1, 3)
                           AND t.created_at >= @monthStart AND t.created_at < @monthEnd), 0)::bigint,
               coalesce((SELECT sum(t.amount) FROM ledger.transfers t
                         WHERE t.credit_account_id = page.id AND t.code = @refund AND t.kind IN (1, 3)
                           AND t.created_at >= @monthStart AND t.created_at < @monthEnd), 0)::bigint,
               EXISTS (SELECT 1 FROM ledger.transfers t WHERE t.idempotency_key = 'cashback:' || page.id || ':' || @month)
        FROM page
        ORDER BY page.id
        """;

    /// <summary>Accrues one Tokyo day for a page of deposit accounts after <paramref name="afterAccountId"/>.</summary>
    public static async Task<AccrualPage> AccrueAsync(
        NpgsqlDataSource dataSource, DateOnly day, DateTimeOffset dayEnd, long afterAccountId, int take, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(AccrueSql);
        command.Parameters.AddWithValue("after", afterAccountId);
        command.Parameters.AddWithValue("take", take);
        command.Parameters.AddWithValue("dayEnd", dayEnd);
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("divisor", (decimal)ProductRules.YieldDivisor);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new AccrualPage(
            reader.IsDBNull(0) ? null : reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetDecimal(3),
            reader.GetInt64(4));
    }

    /// <summary>Records that <paramref name="day"/> was accrued for every account (a repeat changes nothing).</summary>
    public static async Task MarkDayAsync(NpgsqlDataSource dataSource, DateOnly day, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO ledger.yield_accrual_days (business_date, accounts, balance_minor, completed_at)
            SELECT @day, count(*), coalesce(sum(balance_minor), 0), @now FROM ledger.yield_accruals WHERE business_date = @day
            ON CONFLICT (business_date) DO NOTHING
            """);
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The latest business date accrued for every account, or null.</summary>
    public static async Task<DateOnly?> LastAccruedDayAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT max(business_date) FROM ledger.yield_accrual_days");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateOnly day ? day : value is DateTime time ? DateOnly.FromDateTime(time) : null;
    }

    /// <summary>A page of deposit accounts with what their yield credit for the month ending at <paramref name="monthEnd"/> needs.</summary>
    public static async Task<IReadOnlyList<YieldDue>> YieldDueAsync(NpgsqlDataSource dataSource, DateOnly monthEnd, long afterAccountId, int take, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(YieldDueSql);
        command.Parameters.AddWithValue("after", afterAccountId);
        command.Parameters.AddWithValue("take", take);
        command.Parameters.AddWithValue("monthEnd", monthEnd);
        command.Parameters.AddWithValue("yield", (short)TransferCode.Yield);
        var page = new List<YieldDue>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new YieldDue(reader.GetInt64(0), reader.GetString(1), reader.GetDecimal(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return page;
    }

    /// <summary>A page of deposit accounts with their cleared purchases and refunds of a Tokyo month.</summary>
    public static async Task<IReadOnlyList<CashbackDue>> CashbackDueAsync(
        NpgsqlDataSource dataSource, string month, DateTimeOffset monthStart, DateTimeOffset monthEnd, long afterAccountId, int take, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CashbackDueSql);
        command.Parameters.AddWithValue("after", afterAccountId);
        command.Parameters.AddWithValue("take", take);
        command.Parameters.AddWithValue("monthStart", monthStart);
        command.Parameters.AddWithValue("monthEnd", monthEnd);
        command.Parameters.AddWithValue("month", month);
        command.Parameters.AddWithValue("purchase", (short)TransferCode.Purchase);
        command.Parameters.AddWithValue("refund", (short)TransferCode.Refund);
        var page = new List<CashbackDue>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new CashbackDue(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetBoolean(4)));
        }

        return page;
    }
}

/// <summary>One page of a day's accrual: the last account id read (null: no account left), accounts read, accrued, their balances, negative balances skipped.</summary>
internal sealed record AccrualPage(long? LastAccountId, long Accounts, long Accrued, decimal BalanceMinor, long Negative);

/// <summary>An account's accrued balance-days up to a month's end, the yield credited so far, and the idempotency key of its latest yield credit.</summary>
internal sealed record YieldDue(long AccountId, string CardholderId, decimal BalanceDaysMinor, long CreditedMinor, string? LastCreditKey);

/// <summary>An account's cleared purchases and refunds in a month, and whether its cashback for the month was credited.</summary>
internal sealed record CashbackDue(long AccountId, string CardholderId, long PurchasesMinor, long RefundsMinor, bool Credited);
