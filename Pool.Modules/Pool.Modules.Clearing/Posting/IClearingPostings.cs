namespace Pool.Modules.Clearing.Posting;

/// <summary>
/// Where clearing's money movements go: the engine's ordered path when
/// the Authorization module hosts it, so holds and available balances stay right while authorizations flow.
/// Every posting is idempotent by its key: posting it again reports it posted and moves nothing.
/// </summary>
internal interface IClearingPostings
{
    /// <summary>Posts each instruction; one result per instruction, at the same index.</summary>
    Task<IReadOnlyList<PostingResult>> PostAsync(IReadOnlyList<PostingInstruction> postings, CancellationToken cancellationToken);
}
