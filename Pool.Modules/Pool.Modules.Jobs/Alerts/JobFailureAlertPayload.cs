namespace Pool.Modules.Jobs.Alerts;

/// <summary>
/// The JSON a failure webhook receives (docs/jobs.md): <c>text</c> is one line for a chat room, the
/// rest is for a router or an incident tool.
/// </summary>
internal sealed record JobFailureAlertPayload(
    string Job,
    string RunId,
    string Outcome,
    string? Error,
    DateTimeOffset StartedAt,
    string Runbook,
    string Text);
