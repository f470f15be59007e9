using Dapper;
using Npgsql;

namespace Pool.Modules.Ledger.Persistence;

/// <summary>The transfers of one account, newest first, by id cursor.</summary>
internal static class EntryStore
{
    // Two index range scans (debit side, credit side), each cut at the page size, merged: the cost of a page
    // does not grow with the account's history, as an OR over both columns would.
    private const string PageSql = """
        SELECT t.id AS Id, t.created_at AS CreatedAt, t.kind AS Kind, t.code AS Code, t.amount AS Amount,
               t.debit_account_id AS DebitAccountId, t.pending_id AS PendingId, t.reference AS Reference,
               r.kind AS Resolution
        FROM (
            (SELECT * FROM ledger.transfers WHERE debit_account_id = @accountId AND id < @beforeId ORDER BY id DESC LIMIT @limit)
            UNION ALL
            (SELECT * FROM ledger.transfers WHERE credit_account_id = @accountId AND id < @beforeId ORDER BY id DESC LIMIT @limit)
        ) t
        LEFT JOIN ledger.transfers r ON t.kind = 2 AND r.pending_id = t.id
        ORDER BY t.id DESC
        LIMIT @limit
        """;

    public static async Task<IReadOnlyList<EntryRow>> PageAsync(NpgsqlConnection connection, long accountId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition(
            PageSql,
            new { accountId, beforeId = beforeId ?? long.MaxValue, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
