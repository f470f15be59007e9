using Dapper;
using Npgsql;
using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing.Persistence;

/// <summary><c>clearing.details</c>: the posting loop's reads and writes, the report's totals, the exceptions list.</summary>
internal static class DetailStore
{
    // Presentments (05, 06, 07) are posted before reversals (25, 26, 27), so a reversal finds its presentment
    // even when it comes earlier in the same file (details are "in any order", clearing-file.md §2).
    private const string UnpostedSql = """
        SELECT record_number AS RecordNumber, transaction_code AS TransactionCode, arn AS Arn, bin AS Bin, last4 AS Last4,
               card_id AS CardId, cardholder_id AS CardholderId, acquirer_id AS AcquirerId, purchase_date AS PurchaseDate,
               amount AS Amount, approval_code AS ApprovalCode, rrn AS Rrn, sequence_number AS SequenceNumber,
               sequence_count AS SequenceCount
        FROM clearing.details
        WHERE file_id = @fileId AND outcome IS NULL AND record_number > @afterRecord
          AND (transaction_code > 20) = @reversals
        ORDER BY record_number
        LIMIT @limit
        """;

    private const string PostedPresentmentsSql = """
        SELECT d.transaction_code AS TransactionCode, d.arn AS Arn, d.card_id AS CardId, d.cardholder_id AS CardholderId
        FROM clearing.details d
        JOIN unnest(@codes::smallint[], @arns::text[]) AS k(code, arn) ON d.transaction_code = k.code AND d.arn = k.arn
        WHERE d.outcome IN (1, 2, 3)
        """;

    private const string RecordOutcomesSql = """
        UPDATE clearing.details d
        SET outcome = o.outcome, exception_reason = o.reason, authorization_id = o.authorization_id, posted_at = @postedAt
        FROM unnest(@recordNumbers::integer[], @outcomes::smallint[], @reasons::smallint[], @authorizationIds::text[])
             AS o(record_number, outcome, reason, authorization_id)
        WHERE d.file_id = @fileId AND d.record_number = o.record_number AND d.outcome IS NULL
        """;

    // clearing-file.md §5: a presentment whose PAN is no card of Pool's is an exception. Set-based, because a file
    // of another issuer's cards (a misrouted file) would otherwise cost a posting batch per 5,000 records.
    private const string UnknownCardsSql = """
        UPDATE clearing.details SET outcome = 5, exception_reason = 1, posted_at = @postedAt
        WHERE file_id = @fileId AND outcome IS NULL AND card_id IS NULL AND transaction_code < 20
        """;

    private const string TotalsSql = """
        SELECT outcome AS Outcome, count(*) AS Count, coalesce(sum(amount), 0)::bigint AS Amount
        FROM clearing.details WHERE file_id = @fileId GROUP BY outcome
        """;

    private const string ExceptionsSql = """
        SELECT f.seq AS FileSeq, d.file_id AS FileId, d.record_number AS RecordNumber, d.transaction_code AS TransactionCode,
               d.exception_reason AS ExceptionReason, d.arn AS Arn, d.bin AS Bin, d.last4 AS Last4, d.amount AS Amount,
               d.posted_at AS PostedAt
        FROM clearing.details d JOIN clearing.files f ON f.file_id = d.file_id
        WHERE d.outcome = 5 AND (f.seq < @beforeSeq OR (f.seq = @beforeSeq AND d.record_number > @afterRecord))
          AND (@fileId::text IS NULL OR d.file_id = @fileId)
        ORDER BY f.seq DESC, d.record_number
        LIMIT @limit
        """;

    public static async Task<IReadOnlyList<StagedDetail>> ReadUnpostedAsync(NpgsqlConnection connection, string fileId, bool reversals, int afterRecord, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<StagedDetail>(new CommandDefinition(UnpostedSql, new { fileId, reversals, afterRecord, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The posted presentments among the given (transaction code, ARN) keys.</summary>
    public static async Task<IReadOnlyList<PostedPresentment>> FindPostedPresentmentsAsync(NpgsqlConnection connection, short[] codes, string[] arns, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PostedPresentment>(new CommandDefinition(PostedPresentmentsSql, new { codes, arns }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Writes outcomes of details still unposted (a detail posted meanwhile keeps its first outcome).</summary>
    public static async Task RecordOutcomesAsync(NpgsqlConnection connection, string fileId, IReadOnlyList<DetailOutcomeRow> outcomes, DateTimeOffset postedAt, CancellationToken cancellationToken)
    {
        var recordNumbers = new int[outcomes.Count];
        var codes = new short[outcomes.Count];
        var reasons = new short?[outcomes.Count];
        var authorizationIds = new string?[outcomes.Count];
        for (var i = 0; i < outcomes.Count; i++)
        {
            recordNumbers[i] = outcomes[i].RecordNumber;
            codes[i] = (short)outcomes[i].Outcome;
            reasons[i] = outcomes[i].Reason is { } reason ? (short)reason : null;
            authorizationIds[i] = outcomes[i].AuthorizationId;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            RecordOutcomesSql,
            new { fileId, recordNumbers, outcomes = codes, reasons, authorizationIds, postedAt },
            cancellationToken: cancellationToken));
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
                   d.amount AS Amount, d.outcome AS Outcome, d.posted_at AS PostedAt
            FROM clearing.details d
            JOIN clearing.files f ON f.file_id = d.file_id
            WHERE d.authorization_id = @authorizationId AND d.outcome IS NOT NULL
            ORDER BY f.seq, d.record_number
            LIMIT 100
            """,
            new { authorizationId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
