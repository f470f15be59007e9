using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pool.Modules.Clearing.Format;
using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing.Persistence;

/// <summary><c>clearing.files</c>, the staging transaction's steps after the COPY (cards, duplicates, the trailer's figures).</summary>
internal static class FileStore
{
    private const string Columns = """
        seq AS Seq, file_id AS FileId, state AS State, processing_date AS ProcessingDate,
        sending_institution_id AS SendingInstitutionId, records_read AS RecordsRead, detail_count AS DetailCount,
        total_debits AS TotalDebits, total_credits AS TotalCredits, duplicates AS Duplicates,
        duplicates_amount AS DuplicatesAmount, started_at AS StartedAt, report::text AS Report
        """;

    // Inserted at the header, so a second import of the same file id waits on this row until the first one's
    // staging commits (then finds it) or rolls back (then stages instead). The trailer's figures follow.
    private const string InsertFileSql = """
        INSERT INTO clearing.files (file_id, state, processing_date, sending_institution_id, records_read, detail_count,
            total_debits, total_credits, duplicates, duplicates_amount, imported_by, started_at)
        VALUES (@fileId, 1, @processingDate, @sendingInstitutionId, 0, 0, 0, 0, 0, 0, @importedBy, @startedAt)
        ON CONFLICT (file_id) DO NOTHING
        """;

    private const string CompleteStagingSql = """
        UPDATE clearing.files
        SET records_read = @recordsRead, detail_count = @detailCount, total_debits = @totalDebits, total_credits = @totalCredits,
            duplicates = @duplicates, duplicates_amount = @duplicatesAmount
        WHERE file_id = @fileId AND state = 1
        """;

    private const string CheckUniqueSql = "SET CONSTRAINTS clearing.details_transaction_code_arn IMMEDIATE";

    // The first detail of a (transaction code, ARN) wins, in an earlier file or earlier in this one (clearing-file.md §5).
    private const string DropDuplicatesSql = """
        WITH dropped AS (
            DELETE FROM clearing.details d
            WHERE d.file_id = @fileId
              AND EXISTS (
                  SELECT 1 FROM clearing.details o
                  WHERE o.transaction_code = d.transaction_code AND o.arn = d.arn
                    AND (o.file_id <> d.file_id OR o.record_number < d.record_number))
            RETURNING d.amount
        )
        SELECT count(*) AS Count, coalesce(sum(amount), 0)::bigint AS Amount FROM dropped
        """;

    /// <summary>Attempts of <see cref="DropDuplicatesAsync"/>: each one that fails met details another import committed meanwhile.</summary>
    private const int DuplicateChecksMax = 3;

    private const string FindSql = $"SELECT {Columns} FROM clearing.files WHERE file_id = @fileId";

    private const string CompleteSql = """
        UPDATE clearing.files SET state = 2, completed_at = @completedAt, report = @report::jsonb WHERE file_id = @fileId AND state = 1
        """;

    private const string PageSql = $"SELECT {Columns} FROM clearing.files WHERE state = 2 AND seq < @beforeSeq ORDER BY seq DESC LIMIT @limit";

    /// <summary>
    /// Inserts the file's row as staged (in the staging transaction, before its details); false when another import
    /// has it. Synchronous: the reader calls its sink synchronously. It waits while another import of the same file
    /// id is staging (a rare race), as the insert of a key another transaction holds does.
    /// </summary>
    public static bool TryInsertStaging(NpgsqlConnection connection, FileHeader header, string importedBy, DateTimeOffset startedAt) =>
        connection.Execute(InsertFileSql, new
        {
            fileId = header.FileId,
            processingDate = header.ProcessingDate,
            sendingInstitutionId = header.SendingInstitutionId,
            importedBy,
            startedAt,
        }) == 1;

    /// <summary>Writes the trailer's figures and the duplicates onto the file's row, once the whole file is in.</summary>
    public static async Task CompleteStagingAsync(NpgsqlConnection connection, string fileId, FileTrailer trailer, long recordsRead, (long Count, long Amount) duplicates, CancellationToken cancellationToken)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(CompleteStagingSql, new
        {
            fileId,
            recordsRead,
            detailCount = trailer.DetailCount,
            totalDebits = trailer.TotalDebitsMinor,
            totalCredits = trailer.TotalCreditsMinor,
            duplicates = duplicates.Count,
            duplicatesAmount = duplicates.Amount,
        }, cancellationToken: cancellationToken));
        if (updated != 1)
        {
            throw new InvalidOperationException($"Clearing file {fileId} has no staged row in its own staging transaction.");
        }
    }

    /// <summary>Copies the resolved cards (PAN token → card, cardholder) into <c>clearing.file_cards</c>; returns how many.</summary>
    public static async Task<int> StageCardsAsync(NpgsqlConnection connection, string fileId, IAsyncEnumerable<(byte[] Token, string CardId, string CardholderId)> cards, CancellationToken cancellationToken)
    {
        var count = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY clearing.file_cards (file_id, pan_token, card_id, cardholder_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await foreach (var (token, cardId, cardholderId) in cards.WithCancellation(cancellationToken))
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(fileId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(token, NpgsqlDbType.Bytea, cancellationToken);
                await importer.WriteAsync(cardId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(cardholderId, NpgsqlDbType.Text, cancellationToken);
                count++;
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // Statistics now, in the staging transaction: the posting run joins every batch to these rows, and a plan
        // made while the table looked empty compared each detail with every card of the file.
        await connection.ExecuteAsync(new CommandDefinition("ANALYZE clearing.file_cards", cancellationToken: cancellationToken));
        return count;
    }

    /// <summary>
    /// Checks the deferred uniqueness of (transaction code, ARN) for the details just copied. When it holds (a file
    /// that repeats nothing) that is all. Otherwise the repeated details are deleted, the first of each key kept,
    /// and the check runs again. Returns the details dropped (count, yen).
    /// </summary>
    public static async Task<(long Count, long Amount)> DropDuplicatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string fileId, CancellationToken cancellationToken)
    {
        (long Count, long Amount) dropped = (0, 0);
        for (var attempt = 1; ; attempt++)
        {
            await transaction.SaveAsync("unique_check", cancellationToken);
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(CheckUniqueSql, transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0));
                await transaction.ReleaseAsync("unique_check", cancellationToken);
                return dropped;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation && attempt < DuplicateChecksMax)
            {
                // Back to deferred (the savepoint's state); the check's queue of suspect rows is kept.
                await transaction.RollbackAsync("unique_check", cancellationToken);
            }

            // Another import of a file with the same keys may commit between this delete and the next check: then
            // the check fails again and deletes those too, a bounded number of times.
            var found = await connection.QuerySingleAsync<CountAmountRow>(new CommandDefinition(
                DropDuplicatesSql, new { fileId }, transaction, cancellationToken: cancellationToken, commandTimeout: 0));
            dropped = (dropped.Count + found.Count, dropped.Amount + found.Amount);
        }
    }

    public static async Task<FileRow?> FindAsync(NpgsqlConnection connection, string fileId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<FileRow>(new CommandDefinition(FindSql, new { fileId }, cancellationToken: cancellationToken));

    public static async Task<bool> CompleteAsync(NpgsqlConnection connection, string fileId, DateTimeOffset completedAt, string reportJson, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(CompleteSql, new { fileId, completedAt, report = reportJson }, cancellationToken: cancellationToken)) == 1;

    /// <summary>Imported files, newest first, after the cursor's sequence number.</summary>
    public static async Task<IReadOnlyList<FileRow>> PageAsync(NpgsqlConnection connection, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<FileRow>(new CommandDefinition(PageSql, new { beforeSeq = beforeSeq ?? long.MaxValue, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public static ImportState StateOf(FileRow row) => (ImportState)row.State;
}
