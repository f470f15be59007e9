using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// A state change from the admin API, clearing or jobs. It goes through the same ordered partition as
/// authorizations, so a change applies to the next authorization and never races one.
/// </summary>
public readonly struct AccountCommand
{
    public AccountCommandKind Kind { get; init; }

    /// <summary>The account (deposits, withdrawals, clearing postings, hold expiries).</summary>
    public long AccountId { get; init; }

    /// <summary>The card (status and control changes).</summary>
    public long CardId { get; init; }

    /// <summary>
    /// Deposit and withdrawal: the amount, positive. Clearing posting: the change of the posted balance,
    /// negative for a debit (a cleared purchase), positive for a credit (a refund).
    /// </summary>
    public long AmountMinor { get; init; }

    /// <summary>The hold a clearing posting matches (when <see cref="HasHoldKey"/>) or the hold that expires.</summary>
    public TransactionKey HoldKey { get; init; }

    public bool HasHoldKey { get; init; }

    /// <summary>
    /// Clearing posting of a presentment that is not the last of its clearing sequence (n of m, n &lt; m,
    /// clearing-file.md §5): the matched hold is reduced by the cleared amount and the rest stays held,
    /// instead of being released whole.
    /// </summary>
    public bool ReducesHold { get; init; }

    /// <summary>The caller's idempotency key, journaled with the record.</summary>
    public TransactionKey Key { get; init; }

    public CardStatus Status { get; init; }

    public CardControls Controls { get; init; }

    /// <summary>The PAN token's first 16 bytes (card issue).</summary>
    public UInt128 CardKey { get; init; }

    /// <summary>The card's own expiry, YYMM (card issue).</summary>
    public short ExpiryYymm { get; init; }
}
