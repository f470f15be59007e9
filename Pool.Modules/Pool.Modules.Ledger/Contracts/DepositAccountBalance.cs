namespace Pool.Modules.Ledger.Contracts;

/// <summary>One cardholder deposit account's balances, in yen: posted (credits − debits posted) and held (debits pending).</summary>
public sealed record DepositAccountBalance(long AccountId, string CardholderId, long PostedMinor, long HeldMinor);
