using System.Buffers.Binary;
using Npgsql;
using NpgsqlTypes;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>The current-state statements of a journal commit: one multi-row statement (unnest arrays) per table.</summary>
internal static class JournalTables
{
    public static Guid ToGuid(UInt128 cardKey)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, cardKey);
        return new Guid(bytes);
    }

    public static UInt128 FromGuid(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }

    public static async Task UpsertHoldsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ICollection<HoldRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "authorization".holds (acquirer_id, stan, transmitted_at, card_number, account_id, amount, day_number, month_number,
                approval_code, decided_on_billing_amount, counted, state, ledger_version, pending_open, opened_at, changed_at)
            SELECT * FROM unnest(@acquirers, @stans, @transmitted, @cards, @accounts, @amounts, @days, @months,
                @codes, @billing, @counted, @states, @versions, @pending, @opened, @changed)
            ON CONFLICT (acquirer_id, stan, transmitted_at) DO UPDATE SET
                card_number = excluded.card_number, account_id = excluded.account_id, amount = excluded.amount,
                day_number = excluded.day_number, month_number = excluded.month_number, approval_code = excluded.approval_code,
                decided_on_billing_amount = excluded.decided_on_billing_amount, counted = excluded.counted, state = excluded.state,
                ledger_version = excluded.ledger_version, pending_open = excluded.pending_open, opened_at = excluded.opened_at,
                changed_at = excluded.changed_at
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("acquirers", rows.Select(r => r.Key.De32AcquirerId).ToArray());
        command.Parameters.AddWithValue("stans", rows.Select(r => r.Key.De11Stan).ToArray());
        command.Parameters.AddWithValue("transmitted", rows.Select(r => r.Key.De7TransmissionDateTime).ToArray());
        command.Parameters.AddWithValue("cards", rows.Select(r => r.CardNumber).ToArray());
        command.Parameters.AddWithValue("accounts", rows.Select(r => r.AccountId).ToArray());
        command.Parameters.AddWithValue("amounts", rows.Select(r => r.Hold.AmountMinor).ToArray());
        command.Parameters.AddWithValue("days", rows.Select(r => r.Hold.DayNumber).ToArray());
        command.Parameters.AddWithValue("months", rows.Select(r => r.Hold.MonthNumber).ToArray());
        command.Parameters.AddWithValue("codes", rows.Select(r => (long)r.Hold.ApprovalCode.Packed).ToArray());
        command.Parameters.AddWithValue("billing", rows.Select(r => r.Hold.DecidedOnBillingAmount).ToArray());
        command.Parameters.AddWithValue("counted", rows.Select(r => r.Hold.Counted).ToArray());
        command.Parameters.AddWithValue("states", rows.Select(r => (short)r.State).ToArray());
        command.Parameters.AddWithValue("versions", rows.Select(r => r.LedgerVersion).ToArray());
        command.Parameters.AddWithValue("pending", rows.Select(r => r.PendingOpen).ToArray());
        command.Parameters.Add(new NpgsqlParameter("opened", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.OpenedAt.UtcDateTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("changed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.ChangedAt.UtcDateTime).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task UpsertCardStatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ICollection<CardStateRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Each part is written only when the batch changed it (has_… flags); the others keep their value.
        await using var upsert = new NpgsqlCommand(CardStateSql, connection, transaction);
        upsert.Parameters.AddWithValue("cards", rows.Select(r => r.CardNumber).ToArray());
        upsert.Parameters.AddWithValue("hasVelocity", rows.Select(r => r.HasVelocity).ToArray());
        upsert.Parameters.AddWithValue("days", rows.Select(r => r.Velocity.DayNumber).ToArray());
        upsert.Parameters.AddWithValue("months", rows.Select(r => r.Velocity.MonthNumber).ToArray());
        upsert.Parameters.AddWithValue("counts", rows.Select(r => r.Velocity.DailyCount).ToArray());
        upsert.Parameters.AddWithValue("dailies", rows.Select(r => r.Velocity.DailyAmountMinor).ToArray());
        upsert.Parameters.AddWithValue("monthlies", rows.Select(r => r.Velocity.MonthlyAmountMinor).ToArray());
        upsert.Parameters.AddWithValue("hasSequence", rows.Select(r => r.HasApprovalSequence).ToArray());
        upsert.Parameters.AddWithValue("sequences", rows.Select(r => (long)r.ApprovalSequence).ToArray());
        upsert.Parameters.AddWithValue("hasStatus", rows.Select(r => r.HasStatus).ToArray());
        upsert.Parameters.AddWithValue("statuses", rows.Select(r => (short)r.Status).ToArray());
        upsert.Parameters.AddWithValue("hasControls", rows.Select(r => r.HasControls).ToArray());
        upsert.Parameters.AddWithValue("controls", rows.Select(r => r.HasControls ? ControlsJson.Serialize(r.Controls) : "null").ToArray());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task InsertAdminCommandsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<AdminCommandRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "authorization".admin_commands (idempotency_key, kind, account_id, amount, transfer_id, decided_at)
            SELECT * FROM unnest(@keys, @kinds, @accounts, @amounts, @transfers, @decided)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("keys", rows.Select(r => r.IdempotencyKey).ToArray());
        command.Parameters.AddWithValue("kinds", rows.Select(r => r.Kind).ToArray());
        command.Parameters.AddWithValue("accounts", rows.Select(r => r.AccountId).ToArray());
        command.Parameters.AddWithValue("amounts", rows.Select(r => r.AmountMinor).ToArray());
        command.Parameters.AddWithValue("transfers", rows.Select(r => r.TransferId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("decided", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.DecidedAt.UtcDateTime).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Flags are repeated in the update through a join on the incoming rows (excluded has no has_… columns).
    private const string CardStateSql =
        """
        WITH u AS (
            SELECT * FROM unnest(@cards, @hasVelocity, @days, @months, @counts, @dailies, @monthlies, @hasSequence, @sequences,
                                 @hasStatus, @statuses, @hasControls, @controls)
                AS u(card, has_velocity, day, month, count, daily, monthly, has_sequence, sequence, has_status, status, has_controls, controls)
        ),
        updated AS (
            UPDATE "authorization".card_state s SET
                day_number = CASE WHEN u.has_velocity THEN u.day ELSE s.day_number END,
                month_number = CASE WHEN u.has_velocity THEN u.month ELSE s.month_number END,
                daily_count = CASE WHEN u.has_velocity THEN u.count ELSE s.daily_count END,
                daily_amount = CASE WHEN u.has_velocity THEN u.daily ELSE s.daily_amount END,
                monthly_amount = CASE WHEN u.has_velocity THEN u.monthly ELSE s.monthly_amount END,
                approval_sequence = CASE WHEN u.has_sequence THEN u.sequence ELSE s.approval_sequence END,
                status = CASE WHEN u.has_status THEN u.status ELSE s.status END,
                controls = CASE WHEN u.has_controls THEN u.controls::jsonb ELSE s.controls END
            FROM u
            WHERE s.card_number = u.card
            RETURNING s.card_number
        )
        INSERT INTO "authorization".card_state (card_number, day_number, month_number, daily_count, daily_amount, monthly_amount,
            approval_sequence, status, controls)
        SELECT u.card, u.day, u.month, u.count, u.daily, u.monthly, u.sequence,
               CASE WHEN u.has_status THEN u.status END, CASE WHEN u.has_controls THEN u.controls::jsonb END
        FROM u
        WHERE u.card NOT IN (SELECT card_number FROM updated)
        """;
}
