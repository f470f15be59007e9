namespace Pool.Modules.Ledger.Api;

/// <summary>The answer to a deposit or withdrawal: <c>{ "transferId", "balance": { ... } }</c>.</summary>
internal sealed record MovementResponse(string TransferId, BalanceResponse Balance);
