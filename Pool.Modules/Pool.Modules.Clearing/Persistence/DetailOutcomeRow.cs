using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing.Persistence;

/// <summary>What posting decided for one detail, to be written back.</summary>
internal readonly record struct DetailOutcomeRow(int RecordNumber, DetailOutcome Outcome, ExceptionReason? Reason, string? AuthorizationId);
