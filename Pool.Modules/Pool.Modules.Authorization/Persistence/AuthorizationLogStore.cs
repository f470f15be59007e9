using System.Globalization;
using Dapper;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>Reads the authorization log for the admin API and for clearing matching.</summary>
internal static class AuthorizationLogStore
{
    /// <summary>Public ids are the log's id behind a prefix: opaque to clients, ordered for us.</summary>
    public const string IdPrefix = "auth_";

    /// <summary>
    /// admin-api.md §3 status of a log row <c>l</c> joined with the hold <c>h</c> under its key: <c>declined</c> (DE39 not
    /// 00/10); 0400/0420 rows <c>reversed</c>; otherwise from the hold: <c>cleared</c>, <c>expired</c>, <c>reversed</c>
    /// (nothing held), <c>partially-reversed</c> (less than it placed), else <c>approved</c>. One definition, for the
    /// rows read and for the <c>status</c> filter.
    /// </summary>
    private const string StatusSql =
        """
        CASE
          WHEN l.response_code NOT IN (0, 10) THEN 'declined'
          WHEN l.kind IN (3, 4) THEN 'reversed'
          WHEN h.state IS NULL THEN 'approved'
          WHEN h.state = 2 THEN 'cleared'
          WHEN h.state = 3 THEN 'expired'
          WHEN h.amount = 0 THEN 'reversed'
          WHEN l.hold_amount IS NOT NULL AND h.amount < l.hold_amount THEN 'partially-reversed'
          ELSE 'approved'
        END
        """;

    private const string Select =
        """
        SELECT l.id AS Id, l.card_id AS CardId, l.kind AS Kind, l.request_kind AS RequestKind, l.acquirer_id AS AcquirerId,
               l.amount AS Amount, l.currency AS Currency, l.billing_amount AS BillingAmount, l.response_code AS ResponseCode,
               l.approval_code AS ApprovalCode, l.rrn AS Rrn, l.merchant_name AS MerchantName, l.mcc AS Mcc, l.decided_at AS DecidedAt,
               l.approved_amount AS ApprovedAmount, l.hold_amount AS HoldAmount, l.available_at_decision AS AvailableAtDecision,
               h.state AS HoldState, h.amount AS HeldNow,
        """ + " " + StatusSql + """
         AS Status
        FROM "authorization".log l
        LEFT JOIN "authorization".holds h
          ON l.kind IN (1, 2) AND h.acquirer_id = l.acquirer_id AND h.stan = l.stan AND h.transmitted_at = l.transmitted_at
        """;

    /// <summary>Newest first, before <paramref name="beforeId"/>, matching every criterion of <paramref name="filter"/>; <paramref name="take"/> rows at most.</summary>
    public static async Task<IReadOnlyList<AuthorizationLogRow>> PageAsync(
        NpgsqlDataSource dataSource, AuthorizationFilter filter, long? beforeId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuthorizationLogRow>(new CommandDefinition(
            Select + """

            WHERE (@cardId::text IS NULL OR l.card_id = @cardId)
              AND (@cardholderId::text IS NULL OR l.cardholder_id = @cardholderId)
              AND (@responseCode::smallint IS NULL OR l.response_code = @responseCode)
              AND (@fromUtc::timestamptz IS NULL OR l.decided_at >= @fromUtc)
              AND (@toUtc::timestamptz IS NULL OR l.decided_at < @toUtc)
              AND (@beforeId::bigint IS NULL OR l.id < @beforeId)
              AND (@status::text IS NULL OR
            """ + " " + StatusSql + """
             = @status)
            ORDER BY l.id DESC
            LIMIT @take
            """,
            new
            {
                cardId = filter.CardId,
                cardholderId = filter.CardholderId,
                responseCode = filter.ResponseCode,
                fromUtc = filter.FromUtc?.UtcDateTime,
                toUtc = filter.ToUtc?.UtcDateTime,
                status = filter.Status,
                beforeId,
                take,
            },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public static async Task<AuthorizationLogRow?> FindAsync(NpgsqlDataSource dataSource, long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AuthorizationLogRow>(new CommandDefinition(
            Select + "\nWHERE l.id = @id",
            new { id },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The messages of the same transaction as row <paramref name="id"/>, oldest first: for an 0100/0120, the other
    /// 0100/0120 under its key (DE32 + DE11 + DE7) and the 0400/0420 whose DE90 names that key; for an 0400/0420, the
    /// original its DE90 names and the other reversals of it. Same card (PAN token) only.
    /// </summary>
    public static async Task<IReadOnlyList<AuthorizationLogRow>> RelatedAsync(NpgsqlDataSource dataSource, long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuthorizationLogRow>(new CommandDefinition(
            """
            WITH k AS (
              SELECT card_key,
                     CASE WHEN kind IN (3, 4) THEN original_acquirer_id ELSE acquirer_id END AS acquirer_id,
                     CASE WHEN kind IN (3, 4) THEN original_stan ELSE stan END AS stan,
                     CASE WHEN kind IN (3, 4) THEN original_transmitted_at ELSE transmitted_at END AS transmitted_at
              FROM "authorization".log WHERE id = @id)
            """ + Select + """

            JOIN k ON l.card_key = k.card_key
            WHERE l.id <> @id
              AND ((l.kind IN (1, 2) AND l.acquirer_id = k.acquirer_id AND l.stan = k.stan AND l.transmitted_at = k.transmitted_at)
                OR (l.kind IN (3, 4) AND l.original_acquirer_id = k.acquirer_id AND l.original_stan = k.stan AND l.original_transmitted_at = k.transmitted_at))
            ORDER BY l.id
            LIMIT 100
            """,
            new { id },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Clearing matching: 0100/0120 rows matching every given criterion, newest first.</summary>
    public static async Task<IReadOnlyList<AuthorizationLogRow>> MatchAsync(
        NpgsqlDataSource dataSource, string? cardId, string? approvalCode, string? rrn, long? acquirerId, DateTime? fromUtc, DateTime? toUtc, int take, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuthorizationLogRow>(new CommandDefinition(
            Select + """

            WHERE l.kind IN (1, 2)
              AND (@cardId::text IS NULL OR l.card_id = @cardId)
              AND (@approvalCode::text IS NULL OR l.approval_code = @approvalCode)
              AND (@rrn::text IS NULL OR l.rrn = @rrn)
              AND (@acquirerId::bigint IS NULL OR l.acquirer_id = @acquirerId)
              AND (@fromUtc::timestamptz IS NULL OR l.decided_at >= @fromUtc)
              AND (@toUtc::timestamptz IS NULL OR l.decided_at < @toUtc)
            ORDER BY l.id DESC
            LIMIT @take
            """,
            new { cardId, approvalCode, rrn, acquirerId, fromUtc, toUtc, take },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The card and hold key of each authorization (0100/0120) row among <paramref name="ids"/>. One query (primary key).</summary>
    public static async Task<Dictionary<long, (string? CardId, TransactionKey Key)>> FindKeysAsync(NpgsqlDataSource dataSource, long[] ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, (string? CardId, TransactionKey Key)>();
        if (ids.Length == 0)
        {
            return found;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT id, card_id, acquirer_id, stan, transmitted_at FROM \"authorization\".log WHERE id = ANY(@ids) AND kind IN (1, 2)", connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetInt64(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), new TransactionKey(reader.GetInt64(2), reader.GetInt32(3), reader.GetInt64(4)));
        }

        return found;
    }

    /// <summary>
    /// Clearing matching of many presentments in one statement (clearing-file.md §5): per query (its index in
    /// the arrays), the newest 0100/0120 of the card with the approval code whose hold is open (or cleared, for a
    /// query whose posting was already committed: <paramref name="posted"/>), one with the same RRN first, else
    /// one of the same acquirer decided in [from, to). Queries without a match are absent.
    /// </summary>
    public static async Task<Dictionary<int, long>> MatchClearingAsync(
        NpgsqlDataSource dataSource, string[] cardIds, string[] approvalCodes, string?[] rrns, long[] acquirerIds, DateTime[] fromUtc, DateTime[] toUtc, bool[] posted, CancellationToken cancellationToken)
    {
        var matched = new Dictionary<int, long>();
        if (cardIds.Length == 0)
        {
            return matched;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One index probe per presentment (log_approval_code_card, then holds' key) is what this statement is.
        // Knowing the arrays' length, the planner preferred a hash join over a scan of the whole log, costed it
        // high enough to compile it (JIT, ~0.4 s a batch), and did so for every batch of a million-presentment
        // import. These session settings are reset when the pooled connection is handed out again.
        await using (var settings = new NpgsqlCommand("SET jit = off; SET enable_hashjoin = off; SET enable_mergejoin = off", connection))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT ON (q.idx) q.idx, l.id
            FROM unnest(@cards::text[], @codes::text[], @rrns::text[], @acquirers::bigint[], @froms::timestamptz[], @tos::timestamptz[], @posted::boolean[])
                 WITH ORDINALITY AS q(card_id, approval_code, rrn, acquirer_id, from_utc, to_utc, posted, idx)
            JOIN "authorization".log l ON l.card_id = q.card_id AND l.approval_code = q.approval_code AND l.kind IN (1, 2)
            JOIN "authorization".holds h
              ON h.acquirer_id = l.acquirer_id AND h.stan = l.stan AND h.transmitted_at = l.transmitted_at
             AND (h.state = 1 OR (q.posted AND h.state = 2))
            WHERE (q.rrn IS NOT NULL AND l.rrn = q.rrn)
               OR (l.acquirer_id = q.acquirer_id AND l.decided_at >= q.from_utc AND l.decided_at < q.to_utc)
            ORDER BY q.idx, (q.rrn IS NOT NULL AND l.rrn = q.rrn) DESC, l.id DESC
            """,
            connection);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("cards", cardIds);
        command.Parameters.AddWithValue("codes", approvalCodes);
        command.Parameters.AddWithValue("rrns", rrns);
        command.Parameters.AddWithValue("acquirers", acquirerIds);
        command.Parameters.AddWithValue("froms", fromUtc);
        command.Parameters.AddWithValue("tos", toUtc);
        command.Parameters.AddWithValue("posted", posted);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matched[(int)reader.GetInt64(0) - 1] = reader.GetInt64(1);
        }

        return matched;
    }

    /// <summary>The statuses of admin-api.md §3, as <see cref="StatusSql"/> computes them.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["approved", "declined", "reversed", "partially-reversed", "cleared", "expired"];

    /// <summary>admin-api.md §3 status (computed by the query, <see cref="StatusSql"/>).</summary>
    public static string Status(AuthorizationLogRow row) => row.Status;

    /// <summary>The request MTI of a row (0100, 0120, 0400, 0420).</summary>
    public static string Mti(AuthorizationLogRow row) => (RequestKind)row.RequestKind switch
    {
        RequestKind.Authorization => "0100",
        RequestKind.Advice => "0120",
        RequestKind.Reversal => "0400",
        RequestKind.ReversalAdvice => "0420",
        var other => ((int)other).ToString(CultureInfo.InvariantCulture),
    };

    public static string PublicId(long id) => IdPrefix + id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseId(string? text, out long id)
    {
        id = 0;
        return text is not null && text.StartsWith(IdPrefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(IdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
