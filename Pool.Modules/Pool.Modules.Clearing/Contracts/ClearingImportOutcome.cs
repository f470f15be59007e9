namespace Pool.Modules.Clearing.Contracts;

/// <summary>How an import ended. Values are explicit and append only.</summary>
public enum ClearingImportOutcome
{
    /// <summary>The file was imported (or an interrupted import of it was finished); the report says what was posted.</summary>
    Imported = 1,

    /// <summary>A file with this file id was imported before: nothing was posted.</summary>
    AlreadyImported = 2,

    /// <summary>The file broke clearing-file.md: nothing was posted; the rejection names the record and field.</summary>
    Rejected = 3,

    /// <summary>
    /// The file is staged but not every detail could be posted (no active engine on this instance, or its journal
    /// failed): what was posted stays posted; importing the same file again finishes it.
    /// </summary>
    Interrupted = 4,
}
