using Npgsql;
using NpgsqlTypes;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>Reads the open holds of authorization.holds for state loading.</summary>
internal static class HoldStore
{
    /// <summary>
    /// Every open hold by binary COPY (no per-row message or object: each row becomes one struct in the
    /// returned list), in no particular order (the engine's hold table is keyed; sorting a million rows cost
    /// the server a disk sort). Runs on its own connection, in parallel with the other reads of a load; the
    /// fields are read synchronously (a row is small, and an awaited read per field cost more than the row).
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
            ) TO STDOUT (FORMAT BINARY)
            """,
            cancellationToken);
        while (exporter.StartRow() != -1)
        {
            var key = new TransactionKey(exporter.Read<long>(NpgsqlDbType.Bigint), exporter.Read<int>(NpgsqlDbType.Integer), exporter.Read<long>(NpgsqlDbType.Bigint));
            var cardId = exporter.Read<long>(NpgsqlDbType.Bigint);
            var accountId = exporter.Read<long>(NpgsqlDbType.Bigint);
            var hold = new HoldState
            {
                CardId = cardId,
                AmountMinor = exporter.Read<long>(NpgsqlDbType.Bigint),
                DayNumber = exporter.Read<int>(NpgsqlDbType.Integer),
                MonthNumber = exporter.Read<int>(NpgsqlDbType.Integer),
                ApprovalCode = ApprovalCode.FromPacked((ulong)exporter.Read<long>(NpgsqlDbType.Bigint)),
                DecidedOnBillingAmount = exporter.Read<bool>(NpgsqlDbType.Boolean),
                Counted = exporter.Read<bool>(NpgsqlDbType.Boolean),
            };
            holds.Add(new LoadedHold(key, accountId, hold));
            cancellationToken.ThrowIfCancellationRequested();
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
