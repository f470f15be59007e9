using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Domain;

/// <summary>A deposit's or withdrawal's transfer outcome and the cardholder's balance after it (null: no deposit account).</summary>
internal sealed record Movement(TransferOutcome Outcome, CardholderBalance? Balance);
