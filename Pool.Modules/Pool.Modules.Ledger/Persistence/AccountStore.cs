using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;

namespace Pool.Modules.Ledger.Persistence;

/// <summary>The SQL of ledger.accounts outside transfer batches: opening deposit accounts and reading balances.</summary>
internal static class AccountStore
{
    /// <summary>Inserts the cardholder's deposit account unless it exists; returns its id either way.</summary>
    public static async Task<(long Id, bool Opened)> OpenDepositAccountAsync(NpgsqlConnection connection, string cardholderId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var inserted = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO ledger.accounts (kind, cardholder_id, flags, created_at)
            VALUES (@kind, @cardholderId, @flags, @at)
            ON CONFLICT (cardholder_id) DO NOTHING
            RETURNING id
            """,
            new { kind = (short)AccountKind.CardholderDeposit, cardholderId, flags = (int)AccountFlags.DebitsMustNotExceedCredits, at },
            cancellationToken: cancellationToken));
        if (inserted is { } id)
        {
            return (id, true);
        }

        // Another call opened it; this statement's fresh snapshot sees it even if that call committed after ours began.
        var existing = await FindDepositAccountAsync(connection, cardholderId, cancellationToken);
        return (existing ?? throw new InvalidOperationException($"The deposit account of {cardholderId} was neither inserted nor found."), false);
    }

    public static Task<long?> FindDepositAccountAsync(NpgsqlConnection connection, string cardholderId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM ledger.accounts WHERE cardholder_id = @cardholderId",
            new { cardholderId },
            cancellationToken: cancellationToken));

    /// <summary>The four balances of a cardholder's deposit account, with its id; null when there is none.</summary>
    public static Task<AccountRow?> FindDepositAccountRowAsync(NpgsqlConnection connection, string cardholderId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<AccountRow?>(new CommandDefinition(
            """
            SELECT id AS Id, debits_pending AS DebitsPending, debits_posted AS DebitsPosted, credits_pending AS CreditsPending, credits_posted AS CreditsPosted
            FROM ledger.accounts
            WHERE cardholder_id = @cardholderId
            """,
            new { cardholderId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Every cardholder deposit account's posted and held balance, by id (one unbuffered query, one snapshot).</summary>
    public static async IAsyncEnumerable<DepositAccountBalance> ReadDepositAccountsAsync(NpgsqlConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id, cardholder_id, credits_posted - debits_posted, debits_pending FROM ledger.accounts WHERE kind = @kind ORDER BY id",
            connection);
        command.Parameters.AddWithValue("kind", (short)AccountKind.CardholderDeposit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new DepositAccountBalance(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
        }
    }
}
