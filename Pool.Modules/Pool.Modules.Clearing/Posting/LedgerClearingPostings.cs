using Npgsql;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Clearing.Posting;

/// <summary>
/// Clearing postings written straight to the ledger (<see cref="ILedgerTransfers"/>), one batch per call in
/// one transaction. This is the path for postings that touch no hold; the engine's path replaces it where the
/// Authorization module hosts the engine, because the engine keeps balances in memory and must see every change.
/// </summary>
internal sealed class LedgerClearingPostings(NpgsqlDataSource dataSource, ILedgerTransfers transfers, ILedgerAccounts accounts) : IClearingPostings
{
    public async Task<IReadOnlyList<bool>> PostAsync(IReadOnlyList<PostingInstruction> postings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postings);
        var results = new bool[postings.Count];
        var requests = new List<TransferRequest>(postings.Count);
        var indexes = new List<int>(postings.Count);
        var depositAccounts = new Dictionary<string, long?>(StringComparer.Ordinal);
        for (var i = 0; i < postings.Count; i++)
        {
            var posting = postings[i];
            if (posting.AmountMinor == 0)
            {
                // Nothing to move (a zero presentment): posted as it is.
                results[i] = true;
                continue;
            }

            if (!depositAccounts.TryGetValue(posting.CardholderId, out var accountId))
            {
                accountId = await accounts.FindDepositAccountAsync(posting.CardholderId, cancellationToken);
                depositAccounts[posting.CardholderId] = accountId;
            }

            if (accountId is not { } account || Request(posting, account) is not { } request)
            {
                continue;
            }

            requests.Add(request);
            indexes.Add(i);
        }

        if (requests.Count > 0)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var outcomes = await transfers.CreateAsync(requests, connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            for (var j = 0; j < outcomes.Count; j++)
            {
                results[indexes[j]] = outcomes[j].Succeeded;
            }
        }

        return results;
    }

    /// <summary>The transfer of one posting; null for a matched presentment, which needs the hold the engine keeps.</summary>
    private static TransferRequest? Request(PostingInstruction posting, long accountId) => posting.Kind switch
    {
        PostingKind.ForcedPresentment or PostingKind.ReversalOfCredit => TransferRequest.Single(
            posting.IdempotencyKey, accountId, SystemAccounts.NetworkSettlement, posting.AmountMinor, TransferCode.Purchase, TransferFlags.Forced, posting.Arn),
        PostingKind.Credit or PostingKind.ReversalOfDebit => TransferRequest.Single(
            posting.IdempotencyKey, SystemAccounts.NetworkSettlement, accountId, posting.AmountMinor, TransferCode.Refund, TransferFlags.None, posting.Arn),
        _ => null,
    };
}
