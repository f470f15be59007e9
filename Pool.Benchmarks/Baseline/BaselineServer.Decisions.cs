using System.Globalization;
using Npgsql;
using Pool.Authorization.Engine.Codec;

namespace Pool.Benchmarks.Baseline;

/// <summary>The baseline's transactions: one per request, committed before the answer.</summary>
internal sealed partial class BaselineServer
{
    private const string LockAccount = """
        SELECT a.id, a.posted - a.held, c.expiry
        FROM baseline.cards c JOIN baseline.accounts a ON a.id = c.account_id
        WHERE c.pan = $1
        FOR UPDATE OF a
        """;

    private const string InsertAuthorization = """
        INSERT INTO baseline.authorizations (acquirer, stan, de7, mti, account_id, amount, held, response_code, approval_code)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    private const string RaiseHeld = "UPDATE baseline.accounts SET held = held + $2 WHERE id = $1";

    private const string LockOriginal = """
        SELECT account_id, held FROM baseline.authorizations
        WHERE acquirer = $1 AND stan = $2 AND de7 = $3 AND mti = 100
        FOR UPDATE
        """;

    private const string ReleaseOriginal = "UPDATE baseline.authorizations SET held = 0 WHERE acquirer = $1 AND stan = $2 AND de7 = $3 AND mti = 100";

    private async Task<Decision> AuthorizeAsync(byte[] frame, IsoMessage request, bool advice)
    {
        var pan = Text(frame, request, 2);
        var inquiry = Text(frame, request, 3).StartsWith("30", StringComparison.Ordinal);
        request.TryGetNumber(frame, request.Has(6) ? 6 : 4, out var amount);
        await using var connection = await _dataSource.OpenConnectionAsync(_stopping.Token);
        await using var transaction = await connection.BeginTransactionAsync(_stopping.Token);
        long accountId, available;
        string expiry;
        await using (var select = new NpgsqlCommand(LockAccount, connection, transaction) { Parameters = { new() { Value = pan } } })
        await using (var reader = await select.ExecuteReaderAsync(_stopping.Token))
        {
            if (!await reader.ReadAsync(_stopping.Token))
            {
                return new Decision("14", 0, false);
            }

            accountId = reader.GetInt64(0);
            available = reader.GetInt64(1);
            expiry = reader.GetString(2);
        }

        if (expiry != Text(frame, request, 14))
        {
            return new Decision("54", 0, false);
        }

        if (inquiry)
        {
            await transaction.CommitAsync(_stopping.Token);
            return new Decision("00", available, true);
        }

        var approved = advice || amount <= available;
        var code = approved ? "00" : "51";
        await using var batch = new NpgsqlBatch(connection, transaction);
        // An advice is stored under MTI class 100, so a later reversal finds it as it finds an 0100.
        batch.BatchCommands.Add(AuthorizationRow(frame, request, advice ? 100 : request.Mti, accountId, amount, approved ? amount : 0L, code, approved ? "B00000" : null));
        if (approved)
        {
            var raise = new NpgsqlBatchCommand(RaiseHeld);
            raise.Parameters.Add(new() { Value = accountId });
            raise.Parameters.Add(new() { Value = amount });
            batch.BatchCommands.Add(raise);
        }

        await batch.ExecuteNonQueryAsync(_stopping.Token);
        await transaction.CommitAsync(_stopping.Token);
        return new Decision(code, approved ? available - amount : available, approved);
    }

    private async Task<Decision> ReverseAsync(byte[] frame, IsoMessage request)
    {
        // DE90 (link spec §8): original MTI (4), DE11 (6), DE7 (10), DE32 right-justified in 11.
        var de90 = Text(frame, request, 90);
        var originalStan = int.Parse(de90.AsSpan(4, 6), CultureInfo.InvariantCulture);
        var originalDe7 = de90.Substring(10, 10);
        var originalAcquirer = de90.Substring(20, 11).TrimStart('0');
        await using var connection = await _dataSource.OpenConnectionAsync(_stopping.Token);
        await using var transaction = await connection.BeginTransactionAsync(_stopping.Token);
        long accountId, held;
        await using (var select = new NpgsqlCommand(LockOriginal, connection, transaction)
        {
            Parameters = { new() { Value = originalAcquirer }, new() { Value = originalStan }, new() { Value = originalDe7 } },
        })
        await using (var reader = await select.ExecuteReaderAsync(_stopping.Token))
        {
            if (!await reader.ReadAsync(_stopping.Token))
            {
                return new Decision("25", 0, false);
            }

            accountId = reader.GetInt64(0);
            held = reader.GetInt64(1);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        var release = new NpgsqlBatchCommand(ReleaseOriginal);
        release.Parameters.Add(new() { Value = originalAcquirer });
        release.Parameters.Add(new() { Value = originalStan });
        release.Parameters.Add(new() { Value = originalDe7 });
        batch.BatchCommands.Add(release);
        var lower = new NpgsqlBatchCommand(RaiseHeld);
        lower.Parameters.Add(new() { Value = accountId });
        lower.Parameters.Add(new() { Value = -held });
        batch.BatchCommands.Add(lower);
        batch.BatchCommands.Add(AuthorizationRow(frame, request, request.Mti, accountId, held, 0L, "00", null));
        await batch.ExecuteNonQueryAsync(_stopping.Token);
        await transaction.CommitAsync(_stopping.Token);
        return new Decision("00", 0, false);
    }

    /// <summary>The row every decision writes under the request's key (DE32, DE11, DE7, MTI class).</summary>
    private static NpgsqlBatchCommand AuthorizationRow(byte[] frame, in IsoMessage request, int mti, long accountId, long amountMinor, long heldMinor, string responseCode, string? approvalCode)
    {
        var row = new NpgsqlBatchCommand(InsertAuthorization);
        row.Parameters.Add(new() { Value = Text(frame, request, 32) });
        row.Parameters.Add(new() { Value = int.Parse(Text(frame, request, 11), CultureInfo.InvariantCulture) });
        row.Parameters.Add(new() { Value = Text(frame, request, 7) });
        row.Parameters.Add(new() { Value = mti });
        row.Parameters.Add(new() { Value = accountId });
        row.Parameters.Add(new() { Value = amountMinor });
        row.Parameters.Add(new() { Value = heldMinor });
        row.Parameters.Add(new() { Value = responseCode });
        row.Parameters.Add(new() { Value = (object?)approvalCode ?? DBNull.Value });
        return row;
    }
}
