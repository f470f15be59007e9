using System.Runtime.CompilerServices;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>Reads the newest answers of the authorization log (those the engine kept for retransmissions), oldest first.</summary>
internal static class RecentAnswerStore
{
    public static async IAsyncEnumerable<(UInt128 CardKey, AnswerKey Key, RecentAnswer Answer)> ReadAsync(
        NpgsqlConnection connection, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT card_key, request_kind, acquirer_id, stan, transmitted_at, card_number, response_code, flags, approval_code,
                   approved_amount, approved_transaction_amount, available_balance
            FROM (
                SELECT * FROM "authorization".log
                WHERE flags & @added <> 0
                ORDER BY id DESC
                LIMIT @limit
            ) newest
            ORDER BY id
            """,
            connection);
        command.Parameters.AddWithValue("added", (int)JournalRecordFlags.RecentAnswerAdded);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new TransactionKey(reader.GetInt64(2), reader.GetInt32(3), reader.GetInt64(4));
            var flags = (JournalRecordFlags)reader.GetInt32(7);
            var answer = new RecentAnswer
            {
                CardId = reader.IsDBNull(5) ? 0 : reader.GetInt64(5),
                ResponseCode = (ResponseCode)reader.GetInt16(6),
                HasAvailableBalance = (flags & JournalRecordFlags.HasAvailableBalance) != 0,
                ApprovalCode = reader.IsDBNull(8) ? ApprovalCode.None : ApprovalCode.FromString(reader.GetString(8)),
                ApprovedAmountMinor = reader.GetInt64(9),
                ApprovedTransactionAmountMinor = reader.GetInt64(10),
                AvailableBalanceMinor = reader.GetInt64(11),
            };
            yield return (JournalTables.FromGuid(reader.GetGuid(0)), new AnswerKey((RequestKind)reader.GetInt16(1), key), answer);
        }
    }
}
