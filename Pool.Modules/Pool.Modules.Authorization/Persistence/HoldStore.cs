using System.Runtime.CompilerServices;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>Reads the open holds of authorization.holds for state loading.</summary>
internal static class HoldStore
{
    public static async IAsyncEnumerable<(TransactionKey Key, long AccountId, HoldState Hold)> ReadOpenAsync(
        NpgsqlConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT acquirer_id, stan, transmitted_at, card_number, account_id, amount, day_number, month_number, approval_code,
                   decided_on_billing_amount, counted
            FROM "authorization".holds
            WHERE state = @open
            ORDER BY opened_at, acquirer_id, stan, transmitted_at
            """,
            connection);
        command.Parameters.AddWithValue("open", (short)HoldRowState.Open);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new TransactionKey(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2));
            var hold = new HoldState
            {
                CardId = reader.GetInt64(3),
                AmountMinor = reader.GetInt64(5),
                DayNumber = reader.GetInt32(6),
                MonthNumber = reader.GetInt32(7),
                ApprovalCode = ApprovalCode.FromPacked((ulong)reader.GetInt64(8)),
                DecidedOnBillingAmount = reader.GetBoolean(9),
                Counted = reader.GetBoolean(10),
            };
            yield return (key, reader.GetInt64(4), hold);
        }
    }
}
