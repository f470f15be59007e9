namespace Pool.Authorization.Engine.Processing;

public sealed partial class EnginePartition
{
    /// <summary>Copies the balances of this partition's accounts (those asked for, or all) and the last sequence. Writer only.</summary>
    internal void CopyBalances(PartitionBalanceSnapshot snapshot)
    {
        var partitions = _state.PartitionCount;
        for (var index = Index; index < _state.AccountCount; index += partitions)
        {
            ref var account = ref _state.Account(index);
            if (snapshot.Accounts is null || snapshot.Accounts.Contains(account.AccountId))
            {
                snapshot.Balances.Add(new EngineAccountBalance(account.AccountId, account.PostedMinor, account.HeldMinor));
            }
        }

        snapshot.Sequence = LastSequence;
    }
}
