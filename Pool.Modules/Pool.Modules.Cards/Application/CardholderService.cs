using Microsoft.Extensions.Logging;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Cards.Persistence;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Cards.Application;

/// <summary>Creates cardholders, each with a deposit account in the Ledger module.</summary>
internal sealed class CardholderService(NpgsqlDataSource dataSource, ILedgerAccounts ledger, TimeProvider time, ILogger<CardholderService> logger)
{
    /// <summary>Longest cardholder name, in characters (the column's check); embossing allows far fewer, but names here are for the back office.</summary>
    public const int NameLengthMax = 200;

    /// <summary>
    /// Inserts the cardholder and opens its deposit account before committing, so a failed account
    /// opening leaves no cardholder behind; opening is idempotent, so a retry after a failed commit is safe.
    /// </summary>
    public async Task<CardholderRow> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var id = Ids.New("ch");
        // PostgreSQL keeps microseconds: truncate so the answer and a later read agree.
        var now = time.GetUtcNow();
        var createdAt = now.AddTicks(-(now.Ticks % 10));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CardholderStore.InsertAsync(connection, transaction, id, name, createdAt, cancellationToken);
        await ledger.OpenDepositAccountAsync(id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        CardsLog.CardholderCreated(logger, id);
        return new CardholderRow { Id = id, Name = name, CreatedAt = createdAt.UtcDateTime };
    }
}
