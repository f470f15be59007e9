using Npgsql;
using NpgsqlTypes;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>Reads the open holds of authorization.holds for state loading.</summary>
internal static class HoldStore
{
    /// <summary>
    /// Every open hold, oldest first, by binary COPY (no per-row message or object: each row becomes one
    /// struct in the returned list). Runs on its own connection, in parallel with the other reads of a load.
    /// </summary>
    public static async Task<List<LoadedHold>> ReadOpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var count = await CountAsync(connection, cancellationToken);
        var holds = new List<LoadedHold>(count + 1024);
        await using var exporter = await connection.BeginBinaryExportAsync(
            """
            COPY (
                SELECT acquirer_id, stan, transmitted_at, card_number, account_id, amount, day_number, month_number, approval_code,
                       decided_on_billing_amount, counted
                FROM "authorization".holds
                WHERE state = 1
                ORDER BY opened_at, acquirer_id, stan, transmitted_at
            ) TO STDOUT (FORMAT BINARY)
            """,
            cancellationToken);
        while (await exporter.StartRowAsync(cancellationToken) != -1)
        {
            var key = new TransactionKey(
                await exporter.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken),
                await exporter.ReadAsync<int>(NpgsqlDbType.Integer, cancellationToken),
                await exporter.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken));
            var cardId = await exporter.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken);
            var accountId = await exporter.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken);
            var hold = new HoldState
            {
                CardId = cardId,
                AmountMinor = await exporter.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken),
                DayNumber = await exporter.ReadAsync<int>(NpgsqlDbType.Integer, cancellationToken),
                MonthNumber = await exporter.ReadAsync<int>(NpgsqlDbType.Integer, cancellationToken),
                ApprovalCode = ApprovalCode.FromPacked((ulong)await exporter.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken)),
                DecidedOnBillingAmount = await exporter.ReadAsync<bool>(NpgsqlDbType.Boolean, cancellationToken),
                Counted = await exporter.ReadAsync<bool>(NpgsqlDbType.Boolean, cancellationToken),
            };
            holds.Add(new LoadedHold(key, accountId, hold));
        }

        return holds;
    }

    /// <summary>The planner's estimate of the open holds (sizes the list; a wrong estimate only costs a resize).</summary>
    private static async Task<int> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = '\"authorization\".holds'::regclass", connection);
        var estimate = (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
        return (int)Math.Min(estimate, 16_000_000);
    }
}

/// <summary>One open hold as loaded: its key, account and state.</summary>
internal readonly record struct LoadedHold(TransactionKey Key, long AccountId, HoldState Hold);
