using System.ComponentModel.DataAnnotations;

namespace Pool.Modules.Clearing.Inbox;

/// <summary>
/// The <c>clearing-inbox</c> job's folder (configuration section <c>Clearing:Inbox</c>), validated when the host starts.
/// docs/jobs.md "clearing-inbox" tells how files are picked up.
/// </summary>
internal sealed class ClearingInboxOptions : IValidatableObject
{
    public const string Section = "Clearing:Inbox";

    /// <summary>The folder the network's files arrive in; <c>done/</c> and <c>rejected/</c> are made inside it. Empty: no inbox (the job does nothing).</summary>
    public string? Path { get; set; }

    /// <summary>
    /// Seconds a file must be left unmodified before it is imported, so a file still being copied in is not read
    /// half-written. 60: a copy over SFTP of a few hundred MB does not pause that long. Writers that rename a finished
    /// <c>.part</c> file into place need no wait and may set 0.
    /// </summary>
    [Range(0, 86_400)]
    public int SettleSeconds { get; set; } = 60;

    /// <summary>Most files imported by one run (the rest wait for the next): a bound on one run's length.</summary>
    [Range(1, 10_000)]
    public int FilesPerRunMax { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Path is { Length: > 0 } path && path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            yield return new ValidationResult($"{Section}:Path '{path}' is not a valid path.", [nameof(Path)]);
        }
    }
}
