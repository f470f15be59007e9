using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pool.Modules.Clearing.Format;
using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing.Persistence;

/// <summary><c>clearing.files</c>, and the move of a staged file from the temporary table into <c>clearing.details</c>.</summary>
internal static class FileStore
{
    public const string CardsTable = "clearing_incoming_cards";

    private const string Columns = """
        seq AS Seq, file_id AS FileId, state AS State, processing_date AS ProcessingDate,
        sending_institution_id AS SendingInstitutionId, records_read AS RecordsRead, detail_count AS DetailCount,
        total_debits AS TotalDebits, total_credits AS TotalCredits, duplicates AS Duplicates,
        duplicates_amount AS DuplicatesAmount, started_at AS StartedAt, report::text AS Report
        """;

    private const string InsertFileSql = """
        INSERT INTO clearing.files (file_id, state, processing_date, sending_institution_id, records_read, detail_count,
            total_debits, total_credits, duplicates, duplicates_amount, imported_by, started_at)
        VALUES (@fileId, 1, @processingDate, @sendingInstitutionId, @recordsRead, @detailCount, @totalDebits, @totalCredits, 0, 0, @importedBy, @startedAt)
        ON CONFLICT (file_id) DO NOTHING
        """;

    private const string CreateCardsSql = $"""
        CREATE TEMP TABLE {CardsTable} (pan_token bytea PRIMARY KEY, card_id text NOT NULL, cardholder_id text NOT NULL) ON COMMIT DROP
        """;

    // The first detail of a (transaction code, ARN) wins, in this file or an earlier one (clearing-file.md §5).
    private const string MoveDetailsSql = $"""
        WITH moved AS (
            INSERT INTO clearing.details (file_id, record_number, transaction_code, arn, pan_token, bin, last4, acquirer_id,
                purchase_date, amount, source_amount, source_currency, merchant_name, merchant_city, merchant_country, mcc,
                approval_code, rrn, pos_entry_mode, sequence_number, sequence_count, card_id, cardholder_id)
            SELECT @fileId, i.record_number, i.transaction_code, i.arn, i.pan_token, i.bin, i.last4, i.acquirer_id,
                i.purchase_date, i.amount, i.source_amount, i.source_currency, i.merchant_name, i.merchant_city, i.merchant_country,
                i.mcc, i.approval_code, i.rrn, i.pos_entry_mode, i.sequence_number, i.sequence_count, c.card_id, c.cardholder_id
            FROM {StagingWriter.IncomingTable} i
            LEFT JOIN {CardsTable} c ON c.pan_token = i.pan_token
            ORDER BY i.record_number
            ON CONFLICT (transaction_code, arn) DO NOTHING
            RETURNING amount
        )
        SELECT count(*) AS Count, coalesce(sum(amount), 0)::bigint AS Amount FROM moved
        """;

    private const string StagedTotalsSql = $"SELECT count(*) AS Count, coalesce(sum(amount), 0)::bigint AS Amount FROM {StagingWriter.IncomingTable}";

    private const string SetDuplicatesSql = "UPDATE clearing.files SET duplicates = @count, duplicates_amount = @amount WHERE file_id = @fileId";

    private const string FindSql = $"SELECT {Columns} FROM clearing.files WHERE file_id = @fileId";

    private const string CompleteSql = """
        UPDATE clearing.files SET state = 2, completed_at = @completedAt, report = @report::jsonb WHERE file_id = @fileId AND state = 1
        """;

    private const string PageSql = $"SELECT {Columns} FROM clearing.files WHERE state = 2 AND seq < @beforeSeq ORDER BY seq DESC LIMIT @limit";

    /// <summary>Inserts the file's row as staged; false when another import inserted it first.</summary>
    public static async Task<bool> TryInsertAsync(NpgsqlConnection connection, FileHeader header, FileTrailer trailer, long recordsRead, string importedBy, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertFileSql, new
        {
            fileId = header.FileId,
            processingDate = header.ProcessingDate,
            sendingInstitutionId = header.SendingInstitutionId,
            recordsRead,
            detailCount = trailer.DetailCount,
            totalDebits = trailer.TotalDebitsMinor,
            totalCredits = trailer.TotalCreditsMinor,
            importedBy,
            startedAt,
        }, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>Copies the resolved cards (PAN token → card, cardholder) into a temporary table of the transaction.</summary>
    public static async Task StageCardsAsync(NpgsqlConnection connection, IAsyncEnumerable<(byte[] Token, string CardId, string CardholderId)> cards, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(CreateCardsSql, cancellationToken: cancellationToken));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {CardsTable} (pan_token, card_id, cardholder_id) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await foreach (var (token, cardId, cardholderId) in cards.WithCancellation(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(token, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(cardId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(cardholderId, NpgsqlDbType.Text, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Moves the staged details into <c>clearing.details</c>; returns the details that were already imported (count, yen).</summary>
    public static async Task<(long Count, long Amount)> MoveDetailsAsync(NpgsqlConnection connection, string fileId, CancellationToken cancellationToken)
    {
        var staged = await connection.QuerySingleAsync<CountAmountRow>(new CommandDefinition(StagedTotalsSql, cancellationToken: cancellationToken));
        var moved = await connection.QuerySingleAsync<CountAmountRow>(new CommandDefinition(MoveDetailsSql, new { fileId }, cancellationToken: cancellationToken, commandTimeout: 0));
        var duplicates = (Count: staged.Count - moved.Count, Amount: staged.Amount - moved.Amount);
        await connection.ExecuteAsync(new CommandDefinition(SetDuplicatesSql, new { fileId, count = duplicates.Count, amount = duplicates.Amount }, cancellationToken: cancellationToken));
        return duplicates;
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
