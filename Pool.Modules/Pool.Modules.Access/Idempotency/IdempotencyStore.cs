using Dapper;
using Npgsql;

namespace Pool.Modules.Access.Idempotency;

/// <summary>
/// <c>access.idempotent_requests</c>: the first answer to each (API key name, Idempotency-Key).
/// A row is claimed before the request runs, so two concurrent repeats cannot both run it.
/// </summary>
internal sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// A claim older than this whose request never completed is taken over (the host died mid-request);
    /// seconds. The admin API's slowest idempotent request finishes far sooner.
    /// </summary>
    public const int AbandonedAfterSeconds = 120;

    public async Task<bool> TryClaimAsync(string keyName, string idempotencyKey, byte[] requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO access.idempotent_requests (key_name, idempotency_key, request_hash, started_at)
            VALUES (@keyName, @idempotencyKey, @requestHash, @now)
            ON CONFLICT (key_name, idempotency_key) DO UPDATE
                SET started_at = EXCLUDED.started_at
                WHERE access.idempotent_requests.completed_at IS NULL
                  AND access.idempotent_requests.request_hash = EXCLUDED.request_hash
                  AND access.idempotent_requests.started_at < @abandonedBefore
            """,
            new { keyName, idempotencyKey, requestHash, now, abandonedBefore = now.AddSeconds(-AbandonedAfterSeconds) },
            cancellationToken: cancellationToken));
        return claimed == 1;
    }

    public async Task<StoredAnswer?> FindAsync(string keyName, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredAnswer>(new CommandDefinition(
            """
            SELECT request_hash AS RequestHash, completed_at IS NOT NULL AS Completed, status_code AS StatusCode,
                   content_type AS ContentType, location AS Location, body AS Body
            FROM access.idempotent_requests
            WHERE key_name = @keyName AND idempotency_key = @idempotencyKey
            """,
            new { keyName, idempotencyKey },
            cancellationToken: cancellationToken));
    }

    public async Task CompleteAsync(string keyName, string idempotencyKey, DateTimeOffset now, int statusCode, string? contentType, string? location, byte[] body)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE access.idempotent_requests
            SET completed_at = @now, status_code = @statusCode, content_type = @contentType, location = @location, body = @body
            WHERE key_name = @keyName AND idempotency_key = @idempotencyKey
            """,
            new { keyName, idempotencyKey, now, statusCode, contentType, location, body });
    }

    /// <summary>Forgets a claim whose request failed on our side (5xx), so a repeat runs it again.</summary>
    public async Task ReleaseAsync(string keyName, string idempotencyKey)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "DELETE FROM access.idempotent_requests WHERE key_name = @keyName AND idempotency_key = @idempotencyKey AND completed_at IS NULL",
            new { keyName, idempotencyKey });
    }
}

/// <summary>What was stored for a key.</summary>
internal sealed record StoredAnswer(byte[] RequestHash, bool Completed, int? StatusCode, string? ContentType, string? Location, byte[]? Body);
