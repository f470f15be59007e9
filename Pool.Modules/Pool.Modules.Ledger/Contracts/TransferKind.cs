namespace Pool.Modules.Ledger.Contracts;

/// <summary>The phase of a transfer. Persisted (ledger.transfers.kind): values are explicit and never change.</summary>
public enum TransferKind : short
{
    /// <summary>Posted at once.</summary>
    Single = 1,

    /// <summary>A hold: pending until a post or a void.</summary>
    Pending = 2,

    /// <summary>Posts a pending transfer (possibly with a smaller amount).</summary>
    PostPending = 3,

    /// <summary>Voids a pending transfer.</summary>
    VoidPending = 4,
}
