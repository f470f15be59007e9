using Microsoft.Extensions.Options;
using Pool.Modules.Authorization.Contracts;

namespace Pool.Modules.Clearing.Posting;

/// <summary>
/// Clearing postings through the authorization engine's ordered path (<see cref="IAuthorizationLedgerGateway"/>):
/// each is a command in the account's partition, so the hold it releases and the available balance the next
/// authorization sees are changed in order, and the journal writes the ledger transfers. Postings are submitted
/// concurrently (at most <see cref="ClearingOptions.EngineSubmissionsInFlightMax"/>) so the journal commits
/// them in groups.
/// </summary>
/// <remarks>
/// A presentment of a clearing sequence that is not its last (sequence n of m, n &lt; m) is posted without
/// the authorization: the engine's clearing command releases a hold whole, and has no "reduce" yet. The hold
/// stays until the last presentment releases it, so until then the available balance is lower than the spec's
/// (never higher: the safe side). docs/clearing.md "Multiple presentments" tracks it.
/// </remarks>
internal sealed class EngineClearingPostings(IAuthorizationLedgerGateway gateway, IOptions<ClearingOptions> options) : IClearingPostings
{
    public async Task<IReadOnlyList<PostingResult>> PostAsync(IReadOnlyList<PostingInstruction> postings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postings);
        var results = new PostingResult[postings.Count];
        await Parallel.ForAsync(
            0,
            postings.Count,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.EngineSubmissionsInFlightMax, CancellationToken = cancellationToken },
            async (i, token) => results[i] = Map(await gateway.PostClearingAsync(ToGateway(postings[i]), token)));
        return results;
    }

    private static ClearingPosting ToGateway(PostingInstruction posting) => posting.Kind switch
    {
        PostingKind.MatchedPresentment => new ClearingPosting(
            posting.IdempotencyKey, posting.CardId, posting.AmountMinor, IsCredit: false, posting.ReleasesHold ? posting.AuthorizationId : null),
        PostingKind.ForcedPresentment or PostingKind.ReversalOfCredit => new ClearingPosting(
            posting.IdempotencyKey, posting.CardId, posting.AmountMinor, IsCredit: false, AuthorizationId: null),
        _ => new ClearingPosting(posting.IdempotencyKey, posting.CardId, posting.AmountMinor, IsCredit: true, AuthorizationId: null),
    };

    private static PostingResult Map(GatewayResult result) => result.Status switch
    {
        GatewayStatus.Applied or GatewayStatus.Repeated => PostingResult.Posted,
        GatewayStatus.Unavailable => PostingResult.Unavailable,
        _ => PostingResult.Refused,
    };
}
