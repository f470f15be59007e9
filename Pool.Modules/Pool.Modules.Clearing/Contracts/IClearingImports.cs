namespace Pool.Modules.Clearing.Contracts;

/// <summary>
/// The Clearing module's door (the <c>clearing-inbox</c> job, the CLI, the API): imports one clearing file
/// (clearing-file.md) whole or not at all. Idempotent by file id and by (transaction code, ARN); an import
/// interrupted half-way (even by kill -9) is finished by importing the same file again.
/// </summary>
public interface IClearingImports
{
    /// <summary>
    /// Reads <paramref name="file"/> as a stream (never whole), validates every record, stages the details and
    /// posts them. <paramref name="importedBy"/> names who asked (an API key name, <c>cli</c>, a job).
    /// </summary>
    Task<ClearingImportResult> ImportAsync(Stream file, string importedBy, IProgress<ClearingProgress>? progress, CancellationToken cancellationToken);
}
