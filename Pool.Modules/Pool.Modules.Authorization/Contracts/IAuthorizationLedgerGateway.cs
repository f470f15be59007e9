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
    /// Releases every hold still open at <paramref name="asOf"/> whose expiry period passed (7 days; 31 for
    /// lodging, car rental and cruise MCCs — ARCHITECTURE §3), at most <paramref name="max"/>; returns how
    /// many were released. Unavailable (0, false) when this instance's engine is not active.
    /// </summary>
    Task<(int Released, bool Available)> ExpireHoldsAsync(DateTimeOffset asOf, int max, CancellationToken cancellationToken);

    /// <summary>Authorizations (0100 and 0120) matching every given criterion, newest first, at most <see cref="AuthorizationQuery.Limit"/>.</summary>
    Task<IReadOnlyList<AuthorizationMatch>> FindAuthorizationsAsync(AuthorizationQuery query, CancellationToken cancellationToken);
}
