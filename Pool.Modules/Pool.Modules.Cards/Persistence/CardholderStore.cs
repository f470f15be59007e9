using Dapper;
using Npgsql;

namespace Pool.Modules.Cards.Persistence;

/// <summary><c>cards.cardholders</c>.</summary>
internal sealed class CardholderStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "seq AS Seq, id AS Id, name AS Name, created_at AS CreatedAt";

    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, string name, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO cards.cardholders (id, name, created_at) VALUES (@id, @name, @createdAt)",
            new { id, name, createdAt },
            transaction,
            cancellationToken: cancellationToken));

    public async Task<CardholderRow?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CardholderRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cards.cardholders WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Cardholders whose name contains <paramref name="name"/> (case-insensitive; all when null), in
    /// creation order after <paramref name="afterSeq"/>; one more than <paramref name="limit"/> tells
    /// whether another page follows.
    /// </summary>
    public async Task<IReadOnlyList<CardholderRow>> SearchAsync(string? name, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var pattern = name is null ? null : "%" + EscapeLike(name) + "%";
        var rows = await connection.QueryAsync<CardholderRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM cards.cardholders
            WHERE seq > @afterSeq AND (@pattern::text IS NULL OR name ILIKE @pattern)
            ORDER BY seq
            LIMIT @take
            """,
            new { afterSeq, pattern, take = limit + 1 },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM cards.cardholders)", cancellationToken: cancellationToken));
    }

    /// <summary>Makes the user's text match itself literally in ILIKE (backslash is the default escape).</summary>
    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
