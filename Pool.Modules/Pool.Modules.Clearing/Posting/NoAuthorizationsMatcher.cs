namespace Pool.Modules.Clearing.Posting;

/// <summary>The matcher where no authorization log is reachable: nothing matches, so every 05/07 is force-posted.</summary>
internal sealed class NoAuthorizationsMatcher : IPresentmentMatcher
{
    public Task<string?> FindAsync(PresentmentToMatch presentment, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
