using Npgsql;
using Pool.Authorization.Engine.State;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>Reads authorization.card_state for state loading.</summary>
internal static class CardStateStore
{
    public static async Task<Dictionary<long, StoredCardState>> ReadAllAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var states = new Dictionary<long, StoredCardState>();
        await using var command = new NpgsqlCommand(
            """
            SELECT card_number, day_number, month_number, daily_count, daily_amount, monthly_amount, approval_sequence, status, controls::text
            FROM "authorization".card_state
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var velocity = new CardVelocity
            {
                DayNumber = reader.GetInt32(1),
                MonthNumber = reader.GetInt32(2),
                DailyCount = reader.GetInt32(3),
                DailyAmountMinor = reader.GetInt64(4),
                MonthlyAmountMinor = reader.GetInt64(5),
            };
            states[reader.GetInt64(0)] = new StoredCardState(
                velocity,
                checked((uint)reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : (CardStatus)reader.GetInt16(7),
                reader.IsDBNull(8) ? null : ControlsJson.Deserialize(reader.GetString(8)));
        }

        return states;
    }
}

/// <summary>A card's row of authorization.card_state; status and controls are null until the engine applied one.</summary>
internal sealed record StoredCardState(CardVelocity Velocity, uint ApprovalSequence, CardStatus? Status, CardControls? Controls);
