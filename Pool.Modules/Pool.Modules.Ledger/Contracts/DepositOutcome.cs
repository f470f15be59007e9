namespace Pool.Modules.Ledger.Contracts;

/// <summary>The result of a deposit: the transfer's id and the balance after it (now, for a repeat).</summary>
public sealed record DepositOutcome(string TransferId, CardholderBalance Balance);
