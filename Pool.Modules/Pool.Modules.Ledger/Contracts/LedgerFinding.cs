namespace Pool.Modules.Ledger.Contracts;

/// <summary>One broken invariant: the rule (e.g. <c>zero-sum</c>, <c>balance-equals-transfers</c>, <c>pending-resolved-once</c>), the account or transfer, and what differs.</summary>
public sealed record LedgerFinding(string Rule, long? AccountId, long? TransferId, string Detail);
