using Pool.Modules.Authorization.Contracts;

namespace Pool.Modules.Clearing.Posting;

/// <summary>
/// Clearing postings through the authorization engine's ordered path, a batch per call
/// (<see cref="IAuthorizationLedgerGateway.PostClearingBatchAsync"/>): each posting is a command in the account's
/// partition, so the hold it releases or reduces and the available balance the next authorization sees change
/// in order, and the journal writes the ledger transfers, many postings per commit.
/// </summary>
internal sealed class EngineClearingPostings(IAuthorizationLedgerGateway gateway) : IClearingPostings
{
    public async Task<IReadOnlyList<PostingResult>> PostAsync(IReadOnlyList<PostingInstruction> postings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postings);
        var results = await gateway.PostClearingBatchAsync(postings.Select(ToGateway).ToList(), cancellationToken);
        return results.Select(Map).ToList();
    }

    private static ClearingPosting ToGateway(PostingInstruction posting) => posting.Kind switch
    {
        // Sequence n of m, n < m (clearing-file.md §5): the hold is reduced by the cleared amount; the last releases the rest.
        PostingKind.MatchedPresentment => new ClearingPosting(
            posting.IdempotencyKey, posting.CardId, posting.AmountMinor, IsCredit: false, posting.AuthorizationId, posting.ReleasesHold),
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
