using Dapper;
using Npgsql;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>Reads authorization.admin_commands: has a command with this idempotency key been committed?</summary>
internal static class AdminCommandStore
{
    public static async Task<CommittedAdminCommand?> FindAsync(NpgsqlDataSource dataSource, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CommittedAdminCommand>(new CommandDefinition(
            """
            SELECT kind AS Kind, account_id AS AccountId, amount AS AmountMinor, transfer_id AS TransferId
            FROM "authorization".admin_commands WHERE idempotency_key = @idempotencyKey
            """,
            new { idempotencyKey },
            cancellationToken: cancellationToken));
    }

    /// <summary>The committed commands among <paramref name="idempotencyKeys"/>: key → transfer id (0 for none). One query.</summary>
    public static async Task<Dictionary<string, long>> FindManyAsync(NpgsqlDataSource dataSource, string[] idempotencyKeys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        if (idempotencyKeys.Length == 0)
        {
            return found;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT idempotency_key, transfer_id FROM \"authorization\".admin_commands WHERE idempotency_key = ANY(@keys)", connection);
        command.Parameters.AddWithValue("keys", idempotencyKeys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        }

        return found;
    }
}

/// <summary>A committed admin command, found by its idempotency key.</summary>
internal sealed class CommittedAdminCommand
{
    public short Kind { get; init; }

    public long AccountId { get; init; }

    public long AmountMinor { get; init; }

    public long? TransferId { get; init; }
}
