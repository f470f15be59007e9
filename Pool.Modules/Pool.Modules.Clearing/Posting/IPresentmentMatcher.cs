namespace Pool.Modules.Clearing.Posting;

/// <summary>Finds the authorization a 05/07 presentment clears (clearing-file.md §5).</summary>
internal interface IPresentmentMatcher
{
    /// <summary>The matched authorization's id, or null when none matches (the presentment is force-posted).</summary>
    Task<string?> FindAsync(PresentmentToMatch presentment, CancellationToken cancellationToken);
}
