using Microsoft.Extensions.Options;
using Pool.Modules.Authorization.Contracts;

namespace Pool.Modules.Clearing.Posting;

/// <summary>
/// Matching of clearing-file.md §5 over the authorization log (<see cref="IAuthorizationLedgerGateway.FindAuthorizationsAsync"/>):
/// same card and authorization code and, when the presentment has one, the same RRN; failing that, same card,
/// authorization code and acquirer id with the authorization decided within 30 days of the purchase date. Only
/// an authorization whose hold is still open matches: one whose hold expired or was cleared is force-posted.
/// </summary>
internal sealed class EnginePresentmentMatcher(IAuthorizationLedgerGateway gateway, IOptions<ClearingOptions> options) : IPresentmentMatcher
{
    /// <summary>Candidates read per query: a card rarely has more than a few authorizations with one approval code.</summary>
    private const int CandidatesMax = 10;

    public async Task<string?> FindAsync(PresentmentToMatch presentment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentment);
        if (presentment.AuthorizationCode is null)
        {
            // No DE38 in the record: an offline or floor-limit sale.
            return null;
        }

        if (presentment.Rrn is not null)
        {
            var byRrn = await gateway.FindAuthorizationsAsync(
                new AuthorizationQuery(CardId: presentment.CardId, ApprovalCode: presentment.AuthorizationCode, Rrn: presentment.Rrn, Limit: CandidatesMax),
                cancellationToken);
            if (OpenHold(byRrn) is { } matched)
            {
                return matched;
            }
        }

        var windowDays = options.Value.MatchWindowDays;
        var byAcquirer = await gateway.FindAuthorizationsAsync(
            new AuthorizationQuery(
                CardId: presentment.CardId,
                ApprovalCode: presentment.AuthorizationCode,
                AcquirerId: presentment.AcquirerId,
                DecidedFrom: presentment.PurchaseDate.AddDays(-windowDays),
                DecidedTo: presentment.PurchaseDate.AddDays(windowDays),
                Limit: CandidatesMax),
            cancellationToken);
        return OpenHold(byAcquirer);
    }

    /// <summary>The newest candidate whose hold is still open (the gateway lists newest first).</summary>
    private static string? OpenHold(IReadOnlyList<AuthorizationMatch> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.HeldMinor is not null)
            {
                return candidate.AuthorizationId;
            }
        }

        return null;
    }
}
