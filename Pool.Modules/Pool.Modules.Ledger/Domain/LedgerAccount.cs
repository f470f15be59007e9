namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// An account as a batch of transfers sees it: its limits, its balances when the batch locked it, and its
/// balances as the batch has changed them so far.
/// </summary>
internal sealed class LedgerAccount(long id, AccountFlags flags, AccountBalances locked)
{
    public long Id { get; } = id;

    public AccountFlags Flags { get; } = flags;

    /// <summary>The balances read under the row lock, before the batch.</summary>
    public AccountBalances Locked { get; } = locked;

    /// <summary>The balances after the transfers the batch accepted so far.</summary>
    public AccountBalances Current { get; set; } = locked;

    public bool Changed => Current != Locked;
}
