namespace Pool.Modules.Clearing.Import;

/// <summary>How far an import got. Persisted (<c>clearing.files.state</c>): explicit, append only, pinned by a test.</summary>
internal enum ImportState : short
{
    /// <summary>Every detail is stored; some may still wait to be posted (a crash left it so, or it is running).</summary>
    Staged = 1,

    /// <summary>Every detail was posted or set aside; the report is stored.</summary>
    Done = 2,
}
