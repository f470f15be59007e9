using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// A transfer a post or void names by its idempotency key, with how it was resolved (null: still pending).
/// The kind is checked because the key may name a transfer that is not pending.
/// </summary>
internal sealed record PendingTransfer(
    long Id,
    string IdempotencyKey,
    TransferKind Kind,
    long DebitAccountId,
    long CreditAccountId,
    long AmountMinor,
    TransferKind? Resolution);
