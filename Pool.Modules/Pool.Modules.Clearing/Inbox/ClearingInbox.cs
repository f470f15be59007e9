using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pool.Modules.Abstractions;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing.Inbox;

/// <summary>
/// The <c>clearing-inbox</c> job's work: imports every settled file of the inbox folder through
/// <see cref="IClearingImports"/>, oldest name first, then moves it to <c>done/</c> (imported, or already imported)
/// or <c>rejected/</c>, beside a JSON file: the §5 report, or the problem details of the refusal. A file whose
/// import was interrupted (no active engine) stays in the inbox: the next run imports it again, which finishes it.
/// </summary>
internal sealed class ClearingInbox(IClearingImports imports, TimeProvider time, IOptions<ClearingInboxOptions> options, ILogger<ClearingInbox> logger)
{
    public const string DoneFolder = "done";
    public const string RejectedFolder = "rejected";

    /// <summary>Who imported, in clearing.files.imported_by.</summary>
    public const string ImportedBy = "job:clearing-inbox";

    /// <summary>Read size for a file: large sequential reads, as the CLI's import.</summary>
    private const int FileBufferBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<string> RunAsync(IProgress<string> progress, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Path is not { Length: > 0 } inbox)
        {
            return $"{ClearingInboxOptions.Section}:Path is not set: no inbox to read.";
        }

        if (!Directory.Exists(inbox))
        {
            throw new DirectoryNotFoundException($"The clearing inbox {inbox} ({ClearingInboxOptions.Section}:Path) does not exist.");
        }

        var (ready, settling) = Pick(inbox, settings);
        int imported = 0, repeated = 0, rejected = 0, interrupted = 0;
        for (var i = 0; i < ready.Count; i++)
        {
            var file = ready[i];
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"importing {file.Name} ({i + 1} of {ready.Count}, {file.Length:N0} bytes)"));
            ClearingImportResult result;
            await using (var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes, FileOptions.SequentialScan | FileOptions.Asynchronous))
            {
                result = await imports.ImportAsync(stream, ImportedBy, null, cancellationToken);
            }

            switch (result.Outcome)
            {
                case ClearingImportOutcome.Imported:
                    imported++;
                    await MoveAsync(file, DoneFolder, result.Report!, cancellationToken);
                    break;
                case ClearingImportOutcome.AlreadyImported:
                    repeated++;
                    await MoveAsync(file, DoneFolder, ImportProblems.For(result), cancellationToken);
                    break;
                case ClearingImportOutcome.Rejected:
                    rejected++;
                    await MoveAsync(file, RejectedFolder, ImportProblems.For(result), cancellationToken);
                    break;
                default:
                    interrupted++;
                    ClearingLog.InboxFileLeft(logger, file.Name, result.FileId);
                    break;
            }
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{ready.Count} files: {imported} imported, {repeated} already imported, {rejected} rejected, {interrupted} interrupted; {settling} still being written");
        if (interrupted > 0)
        {
            throw new JobTransientException($"{summary}. The engine could not take every posting; the interrupted files stay in the inbox and the next run finishes them.");
        }

        return summary;
    }

    /// <summary>
    /// The files to import now, by name, at most <see cref="ClearingInboxOptions.FilesPerRunMax"/>, and how many are still
    /// settling. Skipped: hidden files (<c>.name</c>), files being written under a temporary name (<c>*.part</c>, <c>*.tmp</c>),
    /// our own reports (<c>*.json</c>), and files modified less than <see cref="ClearingInboxOptions.SettleSeconds"/> ago.
    /// </summary>
    private (List<FileInfo> Ready, int Settling) Pick(string inbox, ClearingInboxOptions settings)
    {
        var settledBefore = time.GetUtcNow().UtcDateTime.AddSeconds(-settings.SettleSeconds);
        var ready = new List<FileInfo>();
        var settling = 0;
        foreach (var file in new DirectoryInfo(inbox).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (file.Name.StartsWith('.')
                || file.Name.EndsWith(".part", StringComparison.OrdinalIgnoreCase)
                || file.Name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
                || file.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (file.LastWriteTimeUtc > settledBefore)
            {
                settling++;
            }
            else if (ready.Count < settings.FilesPerRunMax)
            {
                ready.Add(file);
            }
        }

        return (ready, settling);
    }

    /// <summary>Writes <c>{folder}/{name}.json</c>, then moves the file beside it; a name already there gets the time appended.</summary>
    private async Task MoveAsync(FileInfo file, string folder, object report, CancellationToken cancellationToken)
    {
        var target = Directory.CreateDirectory(Path.Combine(file.DirectoryName!, folder));
        var name = file.Name;
        if (File.Exists(Path.Combine(target.FullName, name)) || File.Exists(Path.Combine(target.FullName, name + ".json")))
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{file.Name}.{time.GetUtcNow():yyyyMMdd'T'HHmmssfff'Z'}");
        }

        var reportPath = Path.Combine(target.FullName, name + ".json");
        await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report, report.GetType(), Json), cancellationToken);
        file.MoveTo(Path.Combine(target.FullName, name));
        ClearingLog.InboxFileMoved(logger, file.Name, folder, name);
    }
}
