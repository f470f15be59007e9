using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// A transfer as written to ledger.transfers: for a post or void the accounts are the pending transfer's,
/// and a void's amount is the pending amount it released.
/// </summary>
internal sealed record StoredTransfer(
    long Id,
    string IdempotencyKey,
    TransferKind Kind,
    long DebitAccountId,
    long CreditAccountId,
    long AmountMinor,
    long? PendingId,
    string? PendingIdempotencyKey,
    TransferFlags Flags,
    TransferCode Code,
    string? Reference);
