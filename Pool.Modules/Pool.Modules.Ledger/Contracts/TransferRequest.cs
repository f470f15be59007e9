namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// One transfer to create. Build it with <see cref="Single"/>, <see cref="Pending"/>, <see cref="PostPending"/> or
/// <see cref="VoidPending"/>.
/// </summary>
/// <param name="IdempotencyKey">Unique per transfer, 1 to <see cref="LedgerLimits.IdempotencyKeyLengthMax"/> characters, chosen by the caller (e.g. <c>auth:{authorizationId}:hold</c>).</param>
/// <param name="Kind">Single-phase, pending, post or void.</param>
/// <param name="DebitAccountId">The account debited. For a post or void: 0 (taken from the pending transfer) or the pending transfer's.</param>
/// <param name="CreditAccountId">The account credited. For a post or void: 0 or the pending transfer's.</param>
/// <param name="AmountMinor">Yen, 1 to <see cref="LedgerLimits.TransferAmountMinorMax"/>. A post takes at most the pending amount; a void takes 0 (or the pending amount).</param>
/// <param name="Code">What the money is.</param>
/// <param name="Flags">E.g. <see cref="TransferFlags.Forced"/>.</param>
/// <param name="PendingIdempotencyKey">For a post or void: the idempotency key of the pending transfer; otherwise null.</param>
/// <param name="Reference">The business reference, e.g. an authorization id or an ARN; at most <see cref="LedgerLimits.ReferenceLengthMax"/> characters.</param>
public sealed record TransferRequest(
    string IdempotencyKey,
    TransferKind Kind,
    long DebitAccountId,
    long CreditAccountId,
    long AmountMinor,
    TransferCode Code,
    TransferFlags Flags = TransferFlags.None,
    string? PendingIdempotencyKey = null,
    string? Reference = null)
{
    /// <summary>A single-phase transfer: posted at once.</summary>
    public static TransferRequest Single(string idempotencyKey, long debitAccountId, long creditAccountId, long amountMinor, TransferCode code, TransferFlags flags = TransferFlags.None, string? reference = null) =>
        new(idempotencyKey, TransferKind.Single, debitAccountId, creditAccountId, amountMinor, code, flags, null, reference);

    /// <summary>A pending transfer (a hold): reserves the amount until posted or voided.</summary>
    public static TransferRequest Pending(string idempotencyKey, long debitAccountId, long creditAccountId, long amountMinor, TransferCode code, TransferFlags flags = TransferFlags.None, string? reference = null) =>
        new(idempotencyKey, TransferKind.Pending, debitAccountId, creditAccountId, amountMinor, code, flags, null, reference);

    /// <summary>Posts a pending transfer with <paramref name="amountMinor"/> (at most the pending amount; the rest is released).</summary>
    public static TransferRequest PostPending(string idempotencyKey, string pendingIdempotencyKey, long amountMinor, TransferCode code, string? reference = null) =>
        new(idempotencyKey, TransferKind.PostPending, 0, 0, amountMinor, code, TransferFlags.None, pendingIdempotencyKey, reference);

    /// <summary>Voids a pending transfer: releases all of it.</summary>
    public static TransferRequest VoidPending(string idempotencyKey, string pendingIdempotencyKey, TransferCode code, string? reference = null) =>
        new(idempotencyKey, TransferKind.VoidPending, 0, 0, 0, code, TransferFlags.None, pendingIdempotencyKey, reference);
}
