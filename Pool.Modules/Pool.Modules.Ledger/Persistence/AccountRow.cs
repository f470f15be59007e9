using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Persistence;

/// <summary>A ledger.accounts row's id and balances, as Dapper reads it.</summary>
internal sealed record AccountRow(long Id, long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)
{
    /// <summary>
    /// A deposit account is a liability: posted = credits − debits posted, held = pending debits (open holds),
    /// available = posted − held (ARCHITECTURE.md §3).
    /// </summary>
    public CardholderBalance ToCardholderBalance()
    {
        var posted = CreditsPosted - DebitsPosted;
        return new CardholderBalance(posted, DebitsPending, posted - DebitsPending);
    }
}
