using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Clearing.Format;
using Pool.Modules.Clearing.Persistence;

namespace Pool.Modules.Clearing.Import;

/// <summary>
/// One import, whole or not at all (clearing-file.md §5, docs/clearing.md):
/// <list type="number">
/// <item>insert the file's row, then read and validate the stream while copying its details into <c>clearing.details</c>, in one transaction;</item>
/// <item>resolve the PAN tokens to cards through the Cards contract (<c>clearing.file_cards</c>), drop details imported before, then commit: the file is staged;</item>
/// <item>post the staged details in batches (<see cref="ClearingPostingRun"/>) and store the report: done.</item>
/// </list>
/// A rejected file rolls step 1 back: no trace. A crash after step 3 leaves a staged file; importing the same
/// file again finds it staged and finishes the posting. One import of a file posts at a time (advisory lock).
/// </summary>
internal sealed class ClearingImporter(
    NpgsqlDataSource dataSource,
    ICardDirectory cards,
    ClearingPostingRun postingRun,
    TimeProvider time,
    ILogger<ClearingImporter> logger) : IClearingImports
{
    private const string LockSql = "SELECT pg_advisory_lock(hashtextextended('clearing:' || @fileId, 0))";
    private const string TryLockSql = "SELECT pg_try_advisory_lock(hashtextextended('clearing:' || @fileId, 0))";

    private const string UnlockSql = "SELECT pg_advisory_unlock_all()";

    public async Task<ClearingImportResult> ImportAsync(Stream file, string importedBy, IProgress<ClearingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(importedBy);

        // The lock connection holds the file's advisory lock from before the staging commits until the report
        // is stored, so a second import of the same file never takes a half-posted file for a crashed one.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ImportLockedAsync(lockConnection, file, importedBy, progress, cancellationToken);
        }
        finally
        {
            await lockConnection.ExecuteAsync(new CommandDefinition(UnlockSql, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<ClearingImportResult> ImportLockedAsync(NpgsqlConnection lockConnection, Stream file, string importedBy, IProgress<ClearingProgress>? progress, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var tokenizer = new CardDirectoryPanTokenizer(cards);
        FileHeader header;
        bool unknownCards;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            using var staging = new StagingWriter(connection, importedBy, startedAt);
            var read = await new ClearingFileReader(tokenizer, staging, progress).ReadAsync(file, cancellationToken);
            if (read.Rejection is { } rejection)
            {
                staging.Dispose();
                await transaction.RollbackAsync(cancellationToken);
                ClearingLog.Rejected(logger, rejection.ToString());
                return new ClearingImportResult(ClearingImportOutcome.Rejected, read.Header?.FileId, null, rejection);
            }

            header = read.Header!;
            if (read.Stopped)
            {
                // Another import has this file id (done, or staged by one that crashed or is still posting).
                await transaction.RollbackAsync(cancellationToken);
                return await FinishKnownAsync(lockConnection, header.FileId, progress, cancellationToken);
            }

            await staging.CompleteAsync(cancellationToken);
            var copied = time.GetElapsedTime(started).TotalMilliseconds;
            progress?.Report(new ClearingProgress("staging", staging.Staged, staging.Staged));
            var resolved = await FileStore.StageCardsAsync(connection, header.FileId, CardsAmongAsync(staging.TokenPrefixes, cancellationToken), cancellationToken);
            // Every detail names a card of Pool's unless one has no PAN token or a token resolved to no card; then the
            // posting run marks those first, in one statement.
            unknownCards = staging.WithoutToken > 0 || resolved < staging.TokenPrefixes.Count;
            var duplicates = await FileStore.DropDuplicatesAsync(connection, transaction, header.FileId, cancellationToken);
            await FileStore.CompleteStagingAsync(connection, header.FileId, read.Trailer!, read.RecordsRead, duplicates, cancellationToken);
            await lockConnection.ExecuteScalarAsync(new CommandDefinition(LockSql, new { fileId = header.FileId }, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            ClearingLog.Staged(logger, header.FileId, staging.Staged, duplicates.Count, copied, time.GetElapsedTime(started).TotalMilliseconds);
        }

        return await PostAndReportAsync(header.FileId, started, unknownCards, progress, cancellationToken);
    }

    /// <summary>The file id is known: done means already imported; staged means a crashed import to finish, unless one is running.</summary>
    private async Task<ClearingImportResult> FinishKnownAsync(NpgsqlConnection lockConnection, string fileId, IProgress<ClearingProgress>? progress, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var row = await FileStore.FindAsync(connection, fileId, cancellationToken);
            if (row is null || FileStore.StateOf(row) == ImportState.Done
                || !await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition(TryLockSql, new { fileId }, cancellationToken: cancellationToken)))
            {
                ClearingLog.AlreadyImported(logger, fileId);
                return new ClearingImportResult(ClearingImportOutcome.AlreadyImported, fileId, row is null ? null : ClearingReports.Stored(row), null);
            }

            // Locked now: read again, another import may have finished it just before.
            row = await FileStore.FindAsync(connection, fileId, cancellationToken);
            if (row is null || FileStore.StateOf(row) == ImportState.Done)
            {
                ClearingLog.AlreadyImported(logger, fileId);
                return new ClearingImportResult(ClearingImportOutcome.AlreadyImported, fileId, row is null ? null : ClearingReports.Stored(row), null);
            }
        }

        ClearingLog.Resuming(logger, fileId);
        return await PostAndReportAsync(fileId, time.GetTimestamp(), unknownCards: true, progress, cancellationToken);
    }

    private async Task<ClearingImportResult> PostAndReportAsync(string fileId, long started, bool unknownCards, IProgress<ClearingProgress>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await FileStore.FindAsync(connection, fileId, cancellationToken) ?? throw new InvalidOperationException($"Clearing file {fileId} was staged but has no row.");
        try
        {
            await postingRun.RunAsync(fileId, row.DetailCount - row.Duplicates, unknownCards, progress, cancellationToken);
        }
        catch (ClearingUnavailableException exception)
        {
            ClearingLog.Interrupted(logger, fileId, exception.Message);
            return new ClearingImportResult(ClearingImportOutcome.Interrupted, fileId, null, null);
        }

        var totals = await DetailStore.TotalsAsync(connection, fileId, cancellationToken);
        var report = ClearingReports.Build(row, totals, time.GetUtcNow());
        await FileStore.CompleteAsync(connection, fileId, report.CompletedAt, ClearingReports.Serialize(report), cancellationToken);
        ClearingLog.Done(logger, fileId, report.Matched.Count, report.ForcePosted.Count, report.Credits.Count, report.Reversals.Count, report.Exceptions.Count, time.GetElapsedTime(started).TotalMilliseconds);
        return new ClearingImportResult(ClearingImportOutcome.Imported, fileId, report, null);
    }

    /// <summary>
    /// The cards whose PAN token is in the file, by one pass over the card directory: the file's tokens are
    /// kept as 16-byte prefixes (about 40 bytes each in the set), never the cards, so memory follows the file's
    /// distinct cards, not the card base. The full token is compared by the database join.
    /// </summary>
    private async IAsyncEnumerable<(byte[] Token, string CardId, string CardholderId)> CardsAmongAsync(
        HashSet<UInt128> prefixes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (prefixes.Count == 0)
        {
            yield break;
        }

        // The Cards module's bulk read (binary COPY of the few columns needed, no object per card): a million
        // cards cost their id strings, not a snapshot each.
        var matches = new MatchingCards(prefixes);
        await cards.ReadForEngineAsync(matches, cancellationToken);
        foreach (var match in matches.Found)
        {
            yield return match;
        }
    }

    /// <summary>Keeps the cards whose token's 16-byte prefix is one of the file's.</summary>
    private sealed class MatchingCards(HashSet<UInt128> prefixes) : ICardLoadSink
    {
        public List<(byte[] Token, string CardId, string CardholderId)> Found { get; } = [];

        public void Add(in CardLoadRow card)
        {
            var token = card.PanToken;
            if (token.Length >= 16 && prefixes.Contains(BinaryPrimitives.ReadUInt128LittleEndian(token)))
            {
                Found.Add((token.ToArray(), card.CardId, card.CardholderId));
            }
        }
    }
}
