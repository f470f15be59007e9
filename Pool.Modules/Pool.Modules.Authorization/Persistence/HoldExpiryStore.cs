using Npgsql;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>Open holds past their expiry period (ARCHITECTURE §3), oldest first.</summary>
internal static class HoldExpiryStore
{
    public static async Task<IReadOnlyList<DueHold>> DueAsync(NpgsqlDataSource dataSource, DateTimeOffset openedBefore, DateTimeOffset longOpenedBefore, int take, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Lodging (7011, 3501–3999), car rental (7512, 3351–3500) and cruise (4411) holds last 31 days.
        await using var command = new NpgsqlCommand(
            """
            SELECT h.acquirer_id, h.stan, h.transmitted_at, h.account_id, h.ledger_version
            FROM "authorization".holds h
            LEFT JOIN LATERAL (
                SELECT l.mcc FROM "authorization".log l
                WHERE l.acquirer_id = h.acquirer_id AND l.stan = h.stan AND l.transmitted_at = h.transmitted_at AND l.kind IN (1, 2)
                ORDER BY l.id LIMIT 1
            ) first ON true
            WHERE h.state = 1
              AND h.opened_at < CASE WHEN first.mcc IN (7011, 7512, 4411) OR first.mcc BETWEEN 3351 AND 3999 THEN @longBefore ELSE @before END
            ORDER BY h.opened_at
            LIMIT @take
            """,
            connection);
        command.Parameters.AddWithValue("before", openedBefore);
        command.Parameters.AddWithValue("longBefore", longOpenedBefore);
        command.Parameters.AddWithValue("take", take);
        var due = new List<DueHold>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueHold(new TransactionKey(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2)), reader.GetInt64(3), reader.GetInt32(4)));
        }

        return due;
    }
}

/// <summary>A hold to expire.</summary>
internal sealed record DueHold(TransactionKey Key, long AccountId, int LedgerVersion);
