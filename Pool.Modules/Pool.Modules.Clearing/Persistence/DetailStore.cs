using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing.Persistence;

/// <summary><c>clearing.details</c>: the posting loop's reads and writes, the report's totals, the exceptions list.</summary>
internal static class DetailStore
{
    // Presentments (05, 06, 07) are posted before reversals (25, 26, 27), so a reversal finds its presentment
    // even when it comes earlier in the same file (details are "in any order", clearing-file.md §2). A detail is
    // unposted while it has no outcome; the presentments are read along the primary key, the reversals along
    // details_reversals (a file's reversals only). The outcome is probed per detail by a scalar subquery on
    // purpose: written as NOT EXISTS it became an anti-join that, planned while clearing.outcomes still looked
    // empty to the statistics, sorted all of the file's outcomes for every batch (1.7-4 s a batch by the middle
    // of a million-detail file).
    private const string UnpostedSql = """
        SELECT d.record_number AS RecordNumber, d.transaction_code AS TransactionCode, d.arn AS Arn, d.bin AS Bin, d.last4 AS Last4,
               c.card_id AS CardId, c.cardholder_id AS CardholderId, d.acquirer_id AS AcquirerId, d.purchase_date AS PurchaseDate,
               d.amount AS Amount, d.approval_code AS ApprovalCode, d.rrn AS Rrn, d.sequence_number AS SequenceNumber,
               d.sequence_count AS SequenceCount
        FROM clearing.details d
        LEFT JOIN clearing.file_cards c ON c.file_id = d.file_id AND c.pan_token = d.pan_token
        WHERE d.file_id = @fileId AND d.record_number > @afterRecord AND (d.transaction_code > 20) = @reversals
          AND (SELECT true FROM clearing.outcomes o WHERE o.file_id = d.file_id AND o.record_number = d.record_number) IS NULL
        ORDER BY d.record_number
        LIMIT @limit
        """;

    private const string PostedPresentmentsSql = """
        SELECT d.transaction_code AS TransactionCode, d.arn AS Arn, c.card_id AS CardId, c.cardholder_id AS CardholderId
        FROM unnest(@codes::smallint[], @arns::text[]) AS k(code, arn)
        JOIN clearing.details d ON d.transaction_code = k.code AND d.arn = k.arn
        JOIN clearing.outcomes o ON o.file_id = d.file_id AND o.record_number = d.record_number AND o.outcome IN (1, 2, 3)
        JOIN clearing.file_cards c ON c.file_id = d.file_id AND c.pan_token = d.pan_token
        """;

    // One poster per file (the import's advisory lock), so a detail never gets two outcomes: a second would
    // break the primary key and fail the write, loudly, rather than be skipped.
    private const string RecordOutcomesSql = """
        COPY clearing.outcomes (file_id, record_number, outcome, exception_reason, authorization_id, posted_at) FROM STDIN (FORMAT BINARY)
        """;

    // clearing-file.md §5: a presentment whose PAN is no card of Pool's is an exception. Set-based, because a file
    // of another issuer's cards (a misrouted file) would otherwise cost a posting batch per PostingBatchMax records.
    private const string UnknownCardsSql = """
        INSERT INTO clearing.outcomes (file_id, record_number, outcome, exception_reason, posted_at)
        SELECT d.file_id, d.record_number, 5, 1, @postedAt
        FROM clearing.details d
        WHERE d.file_id = @fileId AND d.transaction_code < 20
          AND NOT EXISTS (SELECT 1 FROM clearing.file_cards c WHERE c.file_id = d.file_id AND c.pan_token = d.pan_token)
          AND NOT EXISTS (SELECT 1 FROM clearing.outcomes o WHERE o.file_id = d.file_id AND o.record_number = d.record_number)
        """;

    private const string TotalsSql = """
        SELECT o.outcome AS Outcome, count(*) AS Count, coalesce(sum(d.amount), 0)::bigint AS Amount
        FROM clearing.details d
        LEFT JOIN clearing.outcomes o ON o.file_id = d.file_id AND o.record_number = d.record_number
        WHERE d.file_id = @fileId
        GROUP BY o.outcome
        """;

    private const string ExceptionsSql = """
        SELECT f.seq AS FileSeq, d.file_id AS FileId, d.record_number AS RecordNumber, d.transaction_code AS TransactionCode,
               o.exception_reason AS ExceptionReason, d.arn AS Arn, d.bin AS Bin, d.last4 AS Last4, d.amount AS Amount,
               o.posted_at AS PostedAt
        FROM clearing.outcomes o
        JOIN clearing.details d ON d.file_id = o.file_id AND d.record_number = o.record_number
        JOIN clearing.files f ON f.file_id = o.file_id
        WHERE o.outcome = 5 AND (f.seq < @beforeSeq OR (f.seq = @beforeSeq AND o.record_number > @afterRecord))
          AND (@fileId::text IS NULL OR o.file_id = @fileId)
        ORDER BY f.seq DESC, o.record_number
        LIMIT @limit
        """;

    public static async Task<IReadOnlyList<StagedDetail>> ReadUnpostedAsync(NpgsqlConnection connection, string fileId, bool reversals, int afterRecord, int limit, CancellationToken cancellationToken)
    {
        // This statement has one sensible plan, the walk along the primary key from the cursor. Planned before
        // autovacuum has analysed the file just staged (about 35 s after the staging commit), a bitmap scan of the
        // file's every row and a sort looked cheaper (3-10 s of CPU a batch for the first dozen batches of a
        // million-detail file; seen in pg_stat_activity); and the walk is costed as if the whole file were read,
        // which made the server compile it (JIT: 0.4 s of a 0.6 s read). Session settings, reset when the pooled
        // connection is handed out again.
        await connection.ExecuteAsync(new CommandDefinition(
            "SET jit = off; SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off", cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<StagedDetail>(new CommandDefinition(UnpostedSql, new { fileId, reversals, afterRecord, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The posted presentments among the given (transaction code, ARN) keys.</summary>
    public static async Task<IReadOnlyList<PostedPresentment>> FindPostedPresentmentsAsync(NpgsqlConnection connection, short[] codes, string[] arns, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PostedPresentment>(new CommandDefinition(PostedPresentmentsSql, new { codes, arns }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Writes the outcomes of details posted (or refused) now, by one binary COPY.</summary>
    public static async Task RecordOutcomesAsync(NpgsqlConnection connection, string fileId, IReadOnlyList<DetailOutcomeRow> outcomes, DateTimeOffset postedAt, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(RecordOutcomesSql, cancellationToken);
        foreach (var outcome in outcomes)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(fileId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(outcome.RecordNumber, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync((short)outcome.Outcome, NpgsqlDbType.Smallint, cancellationToken);
            if (outcome.Reason is { } reason)
            {
                await importer.WriteAsync((short)reason, NpgsqlDbType.Smallint, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            if (outcome.AuthorizationId is { } authorizationId)
            {
                await importer.WriteAsync(authorizationId, NpgsqlDbType.Text, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(postedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Marks the file's unposted presentments of unknown cards as exceptions; returns how many.</summary>
    public static async Task<int> MarkUnknownCardsAsync(NpgsqlConnection connection, string fileId, DateTimeOffset postedAt, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(UnknownCardsSql, new { fileId, postedAt }, cancellationToken: cancellationToken, commandTimeout: 0));

    public static async Task<IReadOnlyDictionary<DetailOutcome, (long Count, long Amount)>> TotalsAsync(NpgsqlConnection connection, string fileId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<OutcomeTotalRow>(new CommandDefinition(TotalsSql, new { fileId }, cancellationToken: cancellationToken, commandTimeout: 0));
        var totals = new Dictionary<DetailOutcome, (long Count, long Amount)>();
        foreach (var row in rows)
        {
            if (row.Outcome is { } outcome)
            {
                totals[(DetailOutcome)outcome] = (row.Count, row.Amount);
            }
        }

        return totals;
    }

    public static async Task<IReadOnlyList<ExceptionRow>> PageExceptionsAsync(NpgsqlConnection connection, string? fileId, long? beforeSeq, int afterRecord, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ExceptionRow>(new CommandDefinition(
            ExceptionsSql,
            new { fileId, beforeSeq = beforeSeq ?? long.MaxValue, afterRecord, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The details posted against authorization <paramref name="authorizationId"/>, in file and record order (at most 100).</summary>
    public static async Task<IReadOnlyList<PostingRow>> PostingsOfAsync(NpgsqlConnection connection, string authorizationId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PostingRow>(new CommandDefinition(
            """
            SELECT d.file_id AS FileId, d.record_number AS RecordNumber, d.transaction_code AS TransactionCode, d.arn AS Arn,
                   d.amount AS Amount, o.outcome AS Outcome, o.posted_at AS PostedAt
            FROM clearing.outcomes o
            JOIN clearing.details d ON d.file_id = o.file_id AND d.record_number = o.record_number
            JOIN clearing.files f ON f.file_id = o.file_id
            WHERE o.authorization_id = @authorizationId
            ORDER BY f.seq, o.record_number
            LIMIT 100
            """,
            new { authorizationId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
