using System.Text.Json;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Clearing.Persistence;

namespace Pool.Modules.Clearing.Import;

/// <summary>Builds the import report (clearing-file.md §5) from a file's row and its details' outcomes, and stores it as JSON.</summary>
internal static class ClearingReports
{
    /// <summary>The API's JSON conventions (admin-api.md §1: camelCase), also used for the stored copy.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static ClearingImportReport Build(FileRow file, IReadOnlyDictionary<DetailOutcome, (long Count, long Amount)> totals, DateTimeOffset completedAt)
    {
        ClearingTotal Total(DetailOutcome outcome) =>
            totals.TryGetValue(outcome, out var total) ? new ClearingTotal(total.Count, total.Amount) : ClearingTotal.None;

        return new ClearingImportReport(
            file.FileId,
            DateOnly.FromDateTime(file.ProcessingDate),
            file.SendingInstitutionId,
            file.RecordsRead,
            Total(DetailOutcome.Matched),
            Total(DetailOutcome.ForcePosted),
            Total(DetailOutcome.Credit),
            Total(DetailOutcome.Reversal),
            Total(DetailOutcome.Exception),
            new ClearingTotal(file.Duplicates, file.DuplicatesAmount),
            new ClearingFileTotals(file.DetailCount, file.TotalDebits, file.TotalCredits),
            new DateTimeOffset(DateTime.SpecifyKind(file.StartedAt, DateTimeKind.Utc)),
            completedAt);
    }

    public static string Serialize(ClearingImportReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>The stored report of a finished import, or null when it has not finished.</summary>
    public static ClearingImportReport? Stored(FileRow file) =>
        file.Report is { } json ? JsonSerializer.Deserialize<ClearingImportReport>(json, Json) : null;
}
