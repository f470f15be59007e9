namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// The result of one transfer request, after TigerBeetle's <c>CreateTransferResult</c>. Values are explicit
/// and append only (callers may store them).
/// </summary>
public enum TransferResultCode
{
    /// <summary>Created.</summary>
    Ok = 0,

    /// <summary>A transfer with this idempotency key and the same content exists; its id is returned.</summary>
    Exists = 1,

    /// <summary>A transfer with this idempotency key exists with other content; nothing was created.</summary>
    ExistsWithDifferentContent = 2,

    /// <summary>The debit would take an account with debits-must-not-exceed-credits beyond its credits (beyond available).</summary>
    ExceedsCredits = 3,

    /// <summary>No pending transfer has the given pending idempotency key.</summary>
    PendingTransferNotFound = 4,

    /// <summary>The pending transfer was already posted.</summary>
    PendingTransferAlreadyPosted = 5,

    /// <summary>The pending transfer was already voided.</summary>
    PendingTransferAlreadyVoided = 6,

    /// <summary>A post above the pending amount (clearing above the authorization is a post plus a single transfer).</summary>
    AmountExceedsPending = 7,

    /// <summary>The debit or credit account does not exist.</summary>
    AccountNotFound = 8,

    /// <summary>Debit and credit account are the same.</summary>
    AccountsMustBeDifferent = 9,

    /// <summary>The amount is outside 1..<see cref="LedgerLimits.TransferAmountMinorMax"/> (a void: not 0 nor the pending amount).</summary>
    AmountOutOfRange = 10,

    /// <summary>The idempotency key is empty or longer than <see cref="LedgerLimits.IdempotencyKeyLengthMax"/>.</summary>
    IdempotencyKeyInvalid = 11,

    /// <summary>The reference is longer than <see cref="LedgerLimits.ReferenceLengthMax"/>.</summary>
    ReferenceTooLong = 12,

    /// <summary>A post or void without a pending idempotency key.</summary>
    PendingTransferRequired = 13,

    /// <summary>A single or pending transfer with a pending idempotency key.</summary>
    PendingTransferNotAllowed = 14,

    /// <summary>A post or void names accounts other than the pending transfer's.</summary>
    AccountsDifferFromPending = 15,

    /// <summary>The pending idempotency key names a transfer that is not pending (single, post or void).</summary>
    PendingTransferNotPending = 16,

    /// <summary>The credit would take an account with credits-must-not-exceed-debits beyond its debits.</summary>
    ExceedsDebits = 17,

    /// <summary>A balance would overflow a 64-bit integer.</summary>
    Overflow = 18,
}
