using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Clearing.Contracts;

namespace Pool.Modules.Clearing.Cli;

/// <summary><c>Pool.Host clearing import &lt;file&gt;</c>: imports a file with progress lines, then prints the report.</summary>
internal static class ClearingImportVerb
{
    /// <summary>Exit codes: documented in docs/clearing.md; scripts branch on them.</summary>
    public const int Imported = 0;
    public const int Usage = 1;
    public const int Rejected = 2;
    public const int AlreadyImported = 3;
    public const int Interrupted = 4;

    /// <summary>Read size for the file: large sequential reads (the reader's pipe asks for 64 KB).</summary>
    private const int FileBufferBytes = 1024 * 1024;

    public static CliVerb Verb { get; } = new(
        "clearing import",
        "<file>",
        "Imports a clearing file (clearing-file.md), showing progress, and prints the import report.",
        RunAsync);

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        if (context.Arguments.Count != 1)
        {
            await context.Error.WriteLineAsync("Usage: clearing import <file>");
            return Usage;
        }

        var path = context.Arguments[0];
        if (!File.Exists(path))
        {
            await context.Error.WriteLineAsync($"No file {path}.");
            return Usage;
        }

        var imports = context.Services.GetRequiredService<IClearingImports>();
        var time = context.Services.GetRequiredService<TimeProvider>();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await context.Output.WriteLineAsync($"Importing {Path.GetFileName(path)} ({stream.Length:N0} bytes)");
        var result = await imports.ImportAsync(stream, "cli", new CliProgress(context.Output, time), cancellationToken);
        switch (result.Outcome)
        {
            case ClearingImportOutcome.Imported:
                await context.Output.WriteLineAsync();
                ReportTable.Write(context.Output, result.Report!);
                return Imported;
            case ClearingImportOutcome.AlreadyImported:
                await context.Error.WriteLineAsync($"File {result.FileId} was already imported; nothing posted.");
                if (result.Report is { } first)
                {
                    ReportTable.Write(context.Output, first);
                }

                return AlreadyImported;
            case ClearingImportOutcome.Interrupted:
                await context.Error.WriteLineAsync($"File {result.FileId} is staged but the engine could not take every posting; run the same import again to finish it.");
                return Interrupted;
            default:
                await context.Error.WriteLineAsync($"Rejected, nothing posted: {result.Rejection}");
                return Rejected;
        }
    }
}
