using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Pool.Modules.Cards.Domain;

namespace Pool.Tests.Cards;

/// <summary>
/// Finds what looks like a PAN: every Luhn-valid run of 13 to 19 digits (ISO/IEC 7812 lengths) inside
/// any run of digits, in text, in every column of every table, and in log lines.
/// </summary>
internal static partial class PanScanner
{
    public const int PanDigitsMin = 13;
    public const int PanDigitsMax = 19;

    /// <summary>Every Luhn-valid window of 13–19 digits in <paramref name="text"/>.</summary>
    public static IEnumerable<string> Candidates(string text)
    {
        foreach (Match run in DigitRun().Matches(text))
        {
            var digits = run.Value;
            for (var length = PanDigitsMin; length <= Math.Min(PanDigitsMax, digits.Length); length++)
            {
                for (var start = 0; start + length <= digits.Length; start++)
                {
                    var window = digits.Substring(start, length);
                    if (Luhn.IsValid(window))
                    {
                        yield return window;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Each value of every column of every table outside pg_catalog and information_schema, as text;
    /// bytea as its raw bytes read as Latin-1, so ASCII digits stored in binary show as digits.
    /// </summary>
    public static async Task<List<(string Where, string Text)>> DatabaseValuesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var columns = await connection.QueryAsync<(string Schema, string Table, string Column, string Type)>(
            """
            SELECT c.table_schema, c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1, 2, 3
            """);
        var values = new List<(string, string)>();
        foreach (var (schema, table, column, type) in columns)
        {
            var where = $"{schema}.{table}.{column}";
            var name = $"\"{schema}\".\"{table}\"";
            if (type == "bytea")
            {
                foreach (var bytes in await connection.QueryAsync<byte[]?>($"SELECT \"{column}\" FROM {name}"))
                {
                    values.Add((where, bytes is null ? "" : Encoding.Latin1.GetString(bytes)));
                }
            }
            else
            {
                foreach (var text in await connection.QueryAsync<string?>($"SELECT \"{column}\"::text FROM {name}"))
                {
                    values.Add((where, text ?? ""));
                }
            }
        }

        return values;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex DigitRun();
}
