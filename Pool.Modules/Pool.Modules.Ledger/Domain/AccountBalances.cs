namespace Pool.Modules.Ledger.Domain;

/// <summary>An account's four balances, in yen, as TigerBeetle keeps them.</summary>
internal readonly record struct AccountBalances(long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted);
