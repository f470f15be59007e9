namespace Pool.Modules.Ledger.Persistence;

/// <summary>An account whose stored balances differ from the sums of its transfers (Dapper row).</summary>
internal sealed record BalanceMismatchRow(
    long AccountId,
    long DebitsPending,
    long TransfersDebitsPending,
    long DebitsPosted,
    long TransfersDebitsPosted,
    long CreditsPending,
    long TransfersCreditsPending,
    long CreditsPosted,
    long TransfersCreditsPosted);
