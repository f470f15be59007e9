using Pool.Modules.Cards.Domain;
using Pool.Modules.Cards.Persistence;

namespace Pool.Modules.Cards.Application;

/// <summary>How a status change ended, with the card as it is afterwards (null when there is no such card); <paramref name="EngineUnavailable"/>: the authorization engine could not take it, nothing changed.</summary>
internal sealed record StatusChangeResult(CardLifecycle.Outcome Outcome, CardRow? Card, bool EngineUnavailable = false);
