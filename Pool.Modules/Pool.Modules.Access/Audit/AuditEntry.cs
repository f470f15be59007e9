namespace Pool.Modules.Access.Audit;

/// <summary>One line of the audit trail: who (key name), what, when, the target and the outcome (admin-api.md §2).</summary>
internal sealed record AuditEntry(long Id, DateTime At, string KeyName, string? Role, string Action, string Target, int Outcome, string? TraceId);
