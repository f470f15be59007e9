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
}

/// <summary>A committed admin command, found by its idempotency key.</summary>
internal sealed class CommittedAdminCommand
{
    public short Kind { get; init; }

    public long AccountId { get; init; }

    public long AmountMinor { get; init; }

    public long? TransferId { get; init; }
}
