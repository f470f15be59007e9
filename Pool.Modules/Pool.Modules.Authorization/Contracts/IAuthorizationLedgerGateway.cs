namespace Pool.Modules.Authorization.Contracts;

/// <summary>
/// The Authorization module's door for later modules (clearing, jobs): money changes that touch holds go
/// through the engine's ordered path like everything else (issue 5), and authorizations can be found for
/// clearing matching. docs/engine.md "Admin path" describes the rules.
/// </summary>
public interface IAuthorizationLedgerGateway
{
    /// <summary>
    /// Posts a cleared amount on the card's deposit account (forced: it may take available below zero).
    /// With <see cref="ClearingPosting.AuthorizationId"/>, the authorization's hold is released in the same
    /// step: its pending transfer is posted (up to the cleared amount; any excess is a single transfer).
    /// Idempotent by <see cref="ClearingPosting.IdempotencyKey"/>.
    /// </summary>
    Task<GatewayResult> PostClearingAsync(ClearingPosting posting, CancellationToken cancellationToken);

    /// <summary>
    /// Posts many clearing records as <see cref="PostClearingAsync"/> does each: their idempotency keys and
    /// authorizations are looked up in one query each, then every command is submitted to the engine's ordered
    /// path (in list order, a bounded number waiting for their commit) so the journal commits them in large
    /// groups; answers once they are committed and projected into the ledger. Calls may overlap: they submit in
    /// the order they were made, so one caller's postings reach each account in its order. One result per
    /// posting, at the same index.
    /// </summary>
    Task<IReadOnlyList<GatewayResult>> PostClearingBatchAsync(IReadOnlyList<ClearingPosting> postings, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the authorization log, the holds and the committed commands that matching and posting read
    /// include everything the engine committed before the call (they are projected from its journal, decision
    /// 0004), for as long as the projection keeps advancing. False when it stood still for the admin timeout or
    /// is stopped: what is read then may miss authorizations.
    /// </summary>
    Task<bool> WaitForProjectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Matches many presentments in one statement (clearing-file.md §5): for each, the newest authorization
    /// (0100/0120) of the card with the same approval code whose hold is still open, preferring one with the
    /// same RRN, else one with the same acquirer id decided within <paramref name="windowDays"/> days of the
    /// purchase date. The authorization id per query, at the same index, or null when none matches.
    /// It reads the log and holds as projected, without waiting: call <see cref="WaitForProjectionAsync"/> first
    /// to see every authorization answered before (a posting still being projected shows its hold open).
    /// </summary>
    Task<IReadOnlyList<string?>> MatchClearingAsync(IReadOnlyList<ClearingMatchQuery> queries, int windowDays, CancellationToken cancellationToken);

    /// <summary>
    /// Releases every hold still open at <paramref name="asOf"/> whose expiry period passed (7 days; 31 for
    /// lodging, car rental and cruise MCCs — ARCHITECTURE §3), at most <paramref name="max"/>; returns how
    /// many were released. Unavailable (0, false) when this instance's engine is not active.
    /// </summary>
    Task<(int Released, bool Available)> ExpireHoldsAsync(DateTimeOffset asOf, int max, CancellationToken cancellationToken);

    /// <summary>Authorizations (0100 and 0120) matching every given criterion, newest first, at most <see cref="AuthorizationQuery.Limit"/>.</summary>
    Task<IReadOnlyList<AuthorizationMatch>> FindAuthorizationsAsync(AuthorizationQuery query, CancellationToken cancellationToken);
}
