using System.Globalization;
using Pool.Modules.Clearing.Contracts;

namespace Pool.Modules.Clearing.Cli;

/// <summary>The import report (clearing-file.md §5) as a table for a terminal.</summary>
internal static class ReportTable
{
    public static void Write(TextWriter output, ClearingImportReport report)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Clearing file {report.FileId} (processing date {report.ProcessingDate:yyyy-MM-dd}, institution {report.SendingInstitutionId:D8})"));
        output.WriteLine(string.Create(c, $"Records read: {report.RecordsRead:N0}"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"  {"",-18} {"count",12} {"JPY",18}"));
        Row(output, "Matched", report.Matched);
        Row(output, "Force-posted", report.ForcePosted);
        Row(output, "Credits", report.Credits);
        Row(output, "Reversals", report.Reversals);
        Row(output, "Exceptions", report.Exceptions);
        Row(output, "Already imported", report.Duplicates);
        output.WriteLine();
        var totals = report.FileTotals;
        output.WriteLine(string.Create(c, $"File totals (checked): {totals.DetailCount:N0} details, debits {totals.DebitsMinor:N0} JPY, credits {totals.CreditsMinor:N0} JPY"));
        output.WriteLine(string.Create(c, $"Took {(report.CompletedAt - report.StartedAt).TotalSeconds:F1} s"));
    }

    private static void Row(TextWriter output, string label, ClearingTotal total) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-18} {total.Count,12:N0} {total.AmountMinor,18:N0}"));
}
