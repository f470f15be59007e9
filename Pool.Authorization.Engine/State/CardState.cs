namespace Pool.Authorization.Engine.State;

/// <summary>
/// One card's row in the card table. Read and written only by the partition that owns the card's
/// account, so it needs no lock.
/// </summary>
internal struct CardState
{
    public long CardId;
    public UInt128 CardKey;
    public int AccountIndex;
    public CardStatus Status;

    /// <summary>The card's own expiry, YYMM.</summary>
    public short ExpiryYymm;

    /// <summary>Approvals issued so far: the next approval code is the permutation of this number.</summary>
    public uint ApprovalSequence;

    public CardControls Controls;
    public CardVelocity Velocity;
}
