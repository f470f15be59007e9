using Microsoft.Extensions.Options;
using Pool.Modules.Authorization.Contracts;

namespace Pool.Modules.Clearing.Posting;

/// <summary>
/// Matching of clearing-file.md §5 over the authorization log, set-based: one
/// <see cref="IAuthorizationLedgerGateway.MatchClearingAsync"/> statement per batch of presentments (same card
/// and authorization code and, when the presentment has one, the same RRN; failing that, same card,
/// authorization code and acquirer id with the authorization decided within 30 days of the purchase date).
/// Only an authorization whose hold is still open matches: one whose hold expired or was cleared is
/// force-posted. A presentment without an authorization code (an offline or floor-limit sale) matches nothing.
/// Matching reads the projected log without waiting; <see cref="WaitForAuthorizationsAsync"/> is the barrier.
/// </summary>
internal sealed class EnginePresentmentMatcher(IAuthorizationLedgerGateway gateway, IOptions<ClearingOptions> options) : IPresentmentMatcher
{
    public Task<bool> WaitForAuthorizationsAsync(CancellationToken cancellationToken) => gateway.WaitForProjectionAsync(cancellationToken);

    public async Task<IReadOnlyList<string?>> FindAsync(IReadOnlyList<PresentmentToMatch> presentments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentments);
        var matches = new string?[presentments.Count];
        var queries = new List<ClearingMatchQuery>(presentments.Count);
        var indexes = new List<int>(presentments.Count);
        for (var i = 0; i < presentments.Count; i++)
        {
            var presentment = presentments[i];
            if (presentment.AuthorizationCode is { } code)
            {
                queries.Add(new ClearingMatchQuery(presentment.CardId, code, presentment.Rrn, presentment.AcquirerId, presentment.PurchaseDate, presentment.IdempotencyKey));
                indexes.Add(i);
            }
        }

        if (queries.Count == 0)
        {
            return matches;
        }

        var found = await gateway.MatchClearingAsync(queries, options.Value.MatchWindowDays, cancellationToken);
        for (var j = 0; j < found.Count; j++)
        {
            matches[indexes[j]] = found[j];
        }

        return matches;
    }
}
