using Dapper;
using Npgsql;

namespace Pool.Modules.Access.Audit;

/// <summary>The module's own table <c>access.audit_entries</c>: append and list, newest first.</summary>
internal sealed class AuditStore(NpgsqlDataSource dataSource)
{
    public async Task AppendAsync(DateTimeOffset at, string keyName, string? role, string action, string target, int outcome, string? traceId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO access.audit_entries (at, key_name, role, action, target, outcome, trace_id)
            VALUES (@at, @keyName, @role, @action, @target, @outcome, @traceId)
            """,
            new { at, keyName, role, action, target, outcome, traceId },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// A page, newest first; <paramref name="beforeId"/> is the cursor (the last id of the previous page). Null filters are
    /// "any": <paramref name="keyName"/> exact, <paramref name="action"/> a case-insensitive substring, <paramref name="outcome"/> the HTTP status.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? keyName, string? action, int? outcome, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            """
            SELECT id AS Id, at AS At, key_name AS KeyName, role AS Role, action AS Action, target AS Target, outcome AS Outcome, trace_id AS TraceId
            FROM access.audit_entries
            WHERE (@beforeId::bigint IS NULL OR id < @beforeId)
              AND (@keyName::text IS NULL OR key_name = @keyName)
              AND (@action::text IS NULL OR strpos(lower(action), lower(@action)) > 0)
              AND (@outcome::integer IS NULL OR outcome = @outcome)
            ORDER BY id DESC
            LIMIT @limit
            """,
            new { beforeId, limit, keyName, action, outcome },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
