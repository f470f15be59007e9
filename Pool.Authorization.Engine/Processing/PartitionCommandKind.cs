namespace Pool.Authorization.Engine.Processing;

internal enum PartitionCommandKind : byte
{
    Request = 1,
    Account = 2,

    /// <summary>Wakes an idle worker so it sees an undo request.</summary>
    Wake = 3,

    /// <summary>Starts a balance watch: copy the balances, then note changed accounts (<see cref="PartitionBalanceSnapshot"/>).</summary>
    BeginBalanceWatch = 4,

    /// <summary>Ends the balance watch: hand over the changed accounts.</summary>
    EndBalanceWatch = 5,
}
