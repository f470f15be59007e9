namespace Pool.Modules.Ledger.Api;

/// <summary>
/// One ledger entry of a cardholder: a transfer on the deposit account as the cardholder sees it.
/// </summary>
/// <param name="Id">The transfer's id.</param>
/// <param name="At">When it was written (UTC).</param>
/// <param name="Kind">deposit, withdrawal, hold, hold-release, purchase, refund, yield, cashback, chargeback, adjustment, network-settlement.</param>
/// <param name="Amount">Yen, always positive.</param>
/// <param name="Direction"><c>credit</c>: money in; <c>debit</c>: money out (or held).</param>
/// <param name="Status"><c>pending</c> (a hold not yet resolved), <c>posted</c> or <c>voided</c>.</param>
/// <param name="PendingId">For a post or a hold release: the hold's transfer id.</param>
/// <param name="Reference">The business reference (authorization id, ARN), if any.</param>
internal sealed record LedgerEntryResponse(
    string Id,
    DateTimeOffset At,
    string Kind,
    long Amount,
    string Direction,
    string Status,
    string? PendingId,
    string? Reference);
