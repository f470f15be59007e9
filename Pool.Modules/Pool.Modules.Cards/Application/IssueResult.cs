using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Cards.Application;

/// <summary>The outcome of issuing or replacing, the card when there is one, and the old card's status for a refusal.</summary>
internal sealed record IssueResult(IssueOutcome Outcome, IssuedCard? Card = null, CardStatus? Status = null, string? ReplacedBy = null);
