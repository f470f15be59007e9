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
}
