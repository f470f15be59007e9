using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Cards.Persistence;

/// <summary><c>cards.cards</c>: cards and their vault records.</summary>
internal sealed class CardStore(NpgsqlDataSource dataSource)
{
    /// <summary>Unique index on the PAN token: a newly drawn PAN that is already issued.</summary>
    public const string PanHashIndex = "cards_pan_hash";

    /// <summary>Unique index on the issuing request's Idempotency-Key: a concurrent repeat got there first.</summary>
    public const string IssueKeyIndex = "cards_issue_key";

    private const string Columns =
        """
        seq AS Seq, id AS Id, cardholder_id AS CardholderId, pan_hash AS PanHash, pan_ciphertext AS PanCiphertext,
        key_id AS KeyId, bin AS Bin, last4 AS Last4, expiry AS Expiry, status AS StatusValue,
        per_transaction_limit AS PerTransactionLimit, daily_limit AS DailyLimit, monthly_limit AS MonthlyLimit,
        daily_count AS DailyCount, blocked_mccs AS BlockedMccs, allow_ecommerce AS AllowEcommerce,
        allow_international AS AllowInternational, allow_cash AS AllowCash, replaced_by AS ReplacedBy,
        issue_request AS IssueRequest, created_at AS CreatedAt
        """;

    public NpgsqlDataSource DataSource => dataSource;

    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, NewCard card, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO cards.cards (id, cardholder_id, pan_hash, pan_ciphertext, key_id, bin, last4, expiry, status,
                per_transaction_limit, daily_limit, monthly_limit, daily_count, blocked_mccs,
                allow_ecommerce, allow_international, allow_cash,
                issue_key_name, issue_idempotency_key, issue_request, created_at, status_changed_at)
            VALUES (@Id, @CardholderId, @PanHash, @PanCiphertext, @KeyId, @Bin, @Last4, @Expiry, @Status,
                @PerTransactionLimit, @DailyLimit, @MonthlyLimit, @DailyCount, @BlockedMccs,
                @AllowEcommerce, @AllowInternational, @AllowCash,
                @IssueKeyName, @IssueIdempotencyKey, @IssueRequest, @CreatedAt, @CreatedAt)
            """,
            new
            {
                card.Id,
                card.CardholderId,
                card.PanHash,
                card.PanCiphertext,
                card.KeyId,
                card.Bin,
                card.Last4,
                card.Expiry,
                Status = (short)CardStatus.Active,
                card.Controls.PerTransactionLimit,
                card.Controls.DailyLimit,
                card.Controls.MonthlyLimit,
                card.Controls.DailyCount,
                BlockedMccs = card.Controls.BlockedMccs.ToArray(),
                card.Controls.AllowEcommerce,
                card.Controls.AllowInternational,
                card.Controls.AllowCash,
                IssueKeyName = card.IssueKey?.KeyName,
                IssueIdempotencyKey = card.IssueKey?.IdempotencyKey,
                IssueRequest = card.IssueKey?.Request,
                card.CreatedAt,
            },
            transaction,
            cancellationToken: cancellationToken));

    public async Task<CardRow?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, id, forUpdate: false, cancellationToken);
    }

    public static Task<CardRow?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, bool forUpdate, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<CardRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cards.cards WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}",
            new { id },
            transaction,
            cancellationToken: cancellationToken));

    public async Task<CardRow?> FindByIssueKeyAsync(string keyName, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindByIssueKeyAsync(connection, null, keyName, idempotencyKey, cancellationToken);
    }

    public static Task<CardRow?> FindByIssueKeyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string keyName, string idempotencyKey, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<CardRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cards.cards WHERE issue_key_name = @keyName AND issue_idempotency_key = @idempotencyKey",
            new { keyName, idempotencyKey },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The cardholder's cards that can still be used: active or frozen (lost, stolen and closed never return).</summary>
    public static Task<int> CountUsableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string cardholderId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM cards.cards WHERE cardholder_id = @cardholderId AND status IN (@active, @frozen)",
            new { cardholderId, active = (short)CardStatus.Active, frozen = (short)CardStatus.Frozen },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The card whose PAN token is one of <paramref name="tokens"/> (one per configured key).</summary>
    public async Task<CardRow?> FindByTokensAsync(IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CardRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cards.cards WHERE pan_hash = ANY(@tokens)",
            new { tokens = tokens.ToArray() },
            cancellationToken: cancellationToken));
    }

    /// <summary>A cardholder's cards in issue order after <paramref name="afterSeq"/>; one more than <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<CardRow>> ListAsync(string cardholderId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CardRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cards.cards WHERE cardholder_id = @cardholderId AND seq > @afterSeq ORDER BY seq LIMIT @take",
            new { cardholderId, afterSeq, take = limit + 1 },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Cards with this BIN and last 4 in issue order after <paramref name="afterSeq"/>; one more than <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<CardRow>> ListByBinAndLast4Async(string bin, string last4, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CardRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cards.cards WHERE bin = @bin AND last4 = @last4 AND seq > @afterSeq ORDER BY seq LIMIT @take",
            new { bin, last4, afterSeq, take = limit + 1 },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Every card in issue order, streamed (the engine's state load reads them all).</summary>
    public async IAsyncEnumerable<CardRow> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<CardRow>($"SELECT {Columns} FROM cards.cards ORDER BY seq").WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Every card's engine columns by binary COPY, in issue order (docs/cards.md "Engine load"). Fields are
    /// read synchronously (a row is small; an awaited read per field cost more than the row); the vault
    /// columns are skipped unless the record is under another key than <paramref name="activeKeyId"/>, and the
    /// controls columns unless they differ from the defaults, so a typical card costs its two id strings and
    /// its token. <paramref name="reKey"/> computes the active-key token of a record under an older key.
    /// </summary>
    public async Task<int> ReadForEngineAsync(string activeKeyId, Func<string, string, byte[], byte[]> reKey, ICardLoadSink sink, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // COPY takes no parameters: the key id is configuration, quoted as a literal (standard_conforming_strings).
        var activeKeyLiteral = "'" + activeKeyId.Replace("'", "''", StringComparison.Ordinal) + "'";
        await using var exporter = await connection.BeginBinaryExportAsync(
            $"""
            COPY (
                SELECT seq, id, cardholder_id, pan_hash, key_id = {activeKeyLiteral}, key_id, pan_ciphertext,
                       expiry::smallint, status,
                       per_transaction_limit IS NULL AND daily_limit IS NULL AND monthly_limit IS NULL AND daily_count IS NULL
                           AND cardinality(blocked_mccs) = 0 AND allow_ecommerce AND allow_international AND allow_cash,
                       per_transaction_limit, daily_limit, monthly_limit, daily_count, blocked_mccs,
                       allow_ecommerce, allow_international, allow_cash
                FROM cards.cards
                ORDER BY seq
            ) TO STDOUT (FORMAT BINARY)
            """,
            cancellationToken);
        var count = 0;
        while (exporter.StartRow() != -1)
        {
            var number = exporter.Read<long>(NpgsqlDbType.Bigint);
            var cardId = exporter.Read<string>(NpgsqlDbType.Text);
            var cardholderId = exporter.Read<string>(NpgsqlDbType.Text);
            var token = exporter.Read<byte[]>(NpgsqlDbType.Bytea);
            if (exporter.Read<bool>(NpgsqlDbType.Boolean))
            {
                exporter.Skip();
                exporter.Skip();
            }
            else
            {
                var keyId = exporter.Read<string>(NpgsqlDbType.Text);
                token = reKey(keyId, cardId, exporter.Read<byte[]>(NpgsqlDbType.Bytea));
            }

            var expiry = exporter.Read<short>(NpgsqlDbType.Smallint);
            var status = (CardStatus)exporter.Read<short>(NpgsqlDbType.Smallint);
            CardControls controls;
            if (exporter.Read<bool>(NpgsqlDbType.Boolean))
            {
                for (var column = 0; column < ControlsColumns; column++)
                {
                    exporter.Skip();
                }

                controls = CardControls.Default;
            }
            else
            {
                controls = new CardControls(
                    ReadNullable<long>(exporter, NpgsqlDbType.Bigint),
                    ReadNullable<long>(exporter, NpgsqlDbType.Bigint),
                    ReadNullable<long>(exporter, NpgsqlDbType.Bigint),
                    ReadNullable<int>(exporter, NpgsqlDbType.Integer),
                    exporter.Read<string[]>(NpgsqlDbType.Array | NpgsqlDbType.Text),
                    exporter.Read<bool>(NpgsqlDbType.Boolean),
                    exporter.Read<bool>(NpgsqlDbType.Boolean),
                    exporter.Read<bool>(NpgsqlDbType.Boolean));
            }

            sink.Add(new CardLoadRow
            {
                Number = number,
                CardId = cardId,
                CardholderId = cardholderId,
                PanToken = token,
                ExpiryYymm = expiry,
                Status = status,
                Controls = controls,
            });
            count++;
            cancellationToken.ThrowIfCancellationRequested();
        }

        return count;
    }

    /// <summary>The controls columns of <see cref="ReadForEngineAsync"/> after its "defaults" flag.</summary>
    private const int ControlsColumns = 8;

    private static T? ReadNullable<T>(NpgsqlBinaryExporter exporter, NpgsqlDbType type)
        where T : struct
    {
        if (exporter.IsNull)
        {
            exporter.Skip();
            return null;
        }

        return exporter.Read<T>(type);
    }

    public static Task UpdateStatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, CardStatus status, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE cards.cards SET status = @status, status_changed_at = @at WHERE id = @id",
            new { id, status = (short)status, at },
            transaction,
            cancellationToken: cancellationToken));

    public static Task MarkReplacedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, string replacedBy, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE cards.cards SET replaced_by = @replacedBy WHERE id = @id",
            new { id, replacedBy },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Replaces the controls; false when there is no such card.</summary>
    public async Task<bool> UpdateControlsAsync(string id, CardControls controls, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE cards.cards SET per_transaction_limit = @PerTransactionLimit, daily_limit = @DailyLimit,
                monthly_limit = @MonthlyLimit, daily_count = @DailyCount, blocked_mccs = @BlockedMccs,
                allow_ecommerce = @AllowEcommerce, allow_international = @AllowInternational, allow_cash = @AllowCash
            WHERE id = @id
            """,
            new
            {
                id,
                controls.PerTransactionLimit,
                controls.DailyLimit,
                controls.MonthlyLimit,
                controls.DailyCount,
                BlockedMccs = controls.BlockedMccs.ToArray(),
                controls.AllowEcommerce,
                controls.AllowInternational,
                controls.AllowCash,
            },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> vault records not under <paramref name="activeKeyId"/>, locked for
    /// this transaction (SKIP LOCKED, so two re-keying runs share the work instead of waiting).
    /// </summary>
    public static async Task<IReadOnlyList<CardRow>> LockNotUnderKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string activeKeyId, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<CardRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cards.cards WHERE key_id <> @activeKeyId ORDER BY seq LIMIT @limit FOR UPDATE SKIP LOCKED",
            new { activeKeyId, limit },
            transaction,
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public static Task UpdateVaultRecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, byte[] panHash, byte[] panCiphertext, string keyId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE cards.cards SET pan_hash = @panHash, pan_ciphertext = @panCiphertext, key_id = @keyId WHERE id = @id",
            new { id, panHash, panCiphertext, keyId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>How many vault records use each key id.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByKeyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string KeyId, long Count)>(new CommandDefinition(
            "SELECT key_id, count(*) FROM cards.cards GROUP BY key_id", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.KeyId, r => r.Count, StringComparer.Ordinal);
    }

    public static bool IsUniqueViolation(PostgresException exception, string index) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == index;
}
