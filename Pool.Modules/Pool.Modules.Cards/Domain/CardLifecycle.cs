using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Cards.Domain;

/// <summary>
/// The allowed status changes, exactly as admin-api.md §3 lists them: active ↔ frozen; active or frozen
/// → lost or stolen; lost ↔ stolen; any → closed. Lost, stolen and closed never return to active (a
/// replacement is a new card), and nothing leaves closed.
/// </summary>
internal static class CardLifecycle
{
    /// <summary>What a requested change amounts to.</summary>
    public enum Outcome
    {
        /// <summary>The card changes status.</summary>
        Changed,

        /// <summary>The card already has that status: nothing changes, and the answer is 200 so a retried request is harmless.</summary>
        Unchanged,

        /// <summary>The spec does not allow it: 409.</summary>
        Refused,
    }

    public static Outcome Decide(CardStatus from, CardStatus to)
    {
        if (from == to)
        {
            return Outcome.Unchanged;
        }

        return IsAllowed(from, to) ? Outcome.Changed : Outcome.Refused;
    }

    private static bool IsAllowed(CardStatus from, CardStatus to) => (from, to) switch
    {
        (_, CardStatus.Closed) => true,
        (CardStatus.Active, CardStatus.Frozen) or (CardStatus.Frozen, CardStatus.Active) => true,
        (CardStatus.Active or CardStatus.Frozen, CardStatus.Lost or CardStatus.Stolen) => true,
        (CardStatus.Lost, CardStatus.Stolen) or (CardStatus.Stolen, CardStatus.Lost) => true,
        _ => false,
    };

    /// <summary>Whether the card may be replaced: only a lost or stolen one (the brief; the old card stays blocked).</summary>
    public static bool IsReplaceable(CardStatus status) => status is CardStatus.Lost or CardStatus.Stolen;
}
