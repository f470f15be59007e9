namespace Pool.Modules.Clearing.Posting;

/// <summary>Finds the authorizations 05/07 presentments clear (clearing-file.md §5), a batch at a time.</summary>
internal interface IPresentmentMatcher
{
    /// <summary>
    /// Waits until matching sees every authorization answered before the call (the log and holds are projected
    /// from the engine's journal); false when it could not, so matching now could force-post presentments whose
    /// authorization is still being projected.
    /// </summary>
    Task<bool> WaitForAuthorizationsAsync(CancellationToken cancellationToken);

    /// <summary>Per presentment, at the same index: the matched authorization's id, or null when none matches (it is force-posted).</summary>
    Task<IReadOnlyList<string?>> FindAsync(IReadOnlyList<PresentmentToMatch> presentments, CancellationToken cancellationToken);
}
