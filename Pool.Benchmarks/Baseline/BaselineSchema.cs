using Npgsql;
using NpgsqlTypes;
using Pool.Benchmarks.Load;

namespace Pool.Benchmarks.Baseline;

/// <summary>
/// The baseline's own schema <c>baseline</c> (recreated per run) and its seed, written with binary COPY:
/// this is also the load generator's bulk path, a million cards in seconds. PANs are 16 Luhn-valid digits
/// under BIN 999999, expiry 3012, every account holding the run's deposit.
/// </summary>
internal static class BaselineSchema
{
    private const string ExpiryYymm = "3012";

    private const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS baseline;
        DROP TABLE IF EXISTS baseline.authorizations, baseline.cards, baseline.accounts;
        CREATE TABLE baseline.accounts (id bigint PRIMARY KEY, posted bigint NOT NULL, held bigint NOT NULL CHECK (held >= 0));
        CREATE TABLE baseline.cards (pan text PRIMARY KEY, account_id bigint NOT NULL REFERENCES baseline.accounts, expiry text NOT NULL);
        CREATE TABLE baseline.authorizations (
            acquirer text NOT NULL, stan integer NOT NULL, de7 text NOT NULL, mti integer NOT NULL,
            account_id bigint NOT NULL REFERENCES baseline.accounts, amount bigint NOT NULL, held bigint NOT NULL,
            response_code text NOT NULL, approval_code text, created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (acquirer, stan, de7, mti));
        """;

    public static async Task<LoadCard[]> CreateAndSeedAsync(NpgsqlDataSource dataSource, int cardCount, long depositMinor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(Ddl, connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var cards = new LoadCard[cardCount];
        await using (var accounts = await connection.BeginBinaryImportAsync("COPY baseline.accounts (id, posted, held) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < cardCount; i++)
            {
                await accounts.StartRowAsync(cancellationToken);
                await accounts.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, cancellationToken);
                await accounts.WriteAsync(depositMinor, NpgsqlDbType.Bigint, cancellationToken);
                await accounts.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
            }

            await accounts.CompleteAsync(cancellationToken);
        }

        await using (var rows = await connection.BeginBinaryImportAsync("COPY baseline.cards (pan, account_id, expiry) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < cardCount; i++)
            {
                var pan = Pan(i);
                cards[i] = new LoadCard(pan, ExpiryYymm, depositMinor);
                await rows.StartRowAsync(cancellationToken);
                await rows.WriteAsync(pan, NpgsqlDbType.Text, cancellationToken);
                await rows.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, cancellationToken);
                await rows.WriteAsync(ExpiryYymm, NpgsqlDbType.Text, cancellationToken);
            }

            await rows.CompleteAsync(cancellationToken);
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE baseline.accounts; ANALYZE baseline.cards;", connection))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        return cards;
    }

    /// <summary>BIN 999999, the card's number in 9 digits, and the Luhn check digit.</summary>
    internal static string Pan(int number)
    {
        Span<char> digits = stackalloc char[16];
        "999999".CopyTo(digits);
        number.TryFormat(digits.Slice(6, 9), out _, "D9", System.Globalization.CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 14; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if ((14 - i) % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        digits[15] = (char)('0' + ((10 - (sum % 10)) % 10));
        return new string(digits);
    }
}
