using Microsoft.Extensions.Options;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Runs one admin, clearing or job command through the active engine: registers the caller's idempotency
/// key for the committer, waits (bounded) for the command's record to be committed and projected into the
/// ledger (read-your-writes), and reports the ledger transfer it made. <see cref="EngineCommandResult.IsUnavailable"/> when no engine is active, the
/// wait ran out, or the journal failed (91).
/// </summary>
internal sealed class EngineCommandRunner(EngineHost host, AdminCommandRegistry registry, JournalProjector projector, IOptions<EngineHostOptions> options)
{
    /// <param name="creditCode">For a deposit: what the ledger transfer is (deposit, yield or cashback; <see cref="AdminCommandContext.CreditCode"/>).</param>
    public async Task<EngineCommandResult> ExecuteAsync(AccountCommand command, string idempotencyKey, string? reference, CancellationToken cancellationToken, TransferCode creditCode = TransferCode.Deposit)
    {
        if (host.Engine is not { } engine)
        {
            return EngineCommandResult.Unavailable;
        }

        var context = new AdminCommandContext(idempotencyKey, reference, creditCode);
        var key = registry.Register(context);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.AdminCommandTimeoutMs);
        AuthorizationOutcome outcome;
        try
        {
            outcome = await engine.ExecuteAsync(command with { Key = key }, timeout.Token);
            if (outcome.ResponseCode == ResponseCode.Approved
                && !await projector.WaitForAsync(projector.EnqueuedPosition, TimeSpan.FromMilliseconds(options.Value.AdminCommandTimeoutMs), timeout.Token))
            {
                // Durable but not yet in the ledger (the projector lags or the database is away): the
                // caller retries with the same key and finds it applied once projected.
                return EngineCommandResult.Unavailable;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Still queued or committing: keep the key registered so a late commit names its transfer right.
            return EngineCommandResult.Unavailable;
        }

        registry.Remove(key);
        return outcome.ResponseCode is ResponseCode.IssuerUnavailable or ResponseCode.SystemMalfunction
            ? EngineCommandResult.Unavailable
            : new EngineCommandResult(outcome, context.TransferId, engine, IsUnavailable: false);
    }
}

/// <summary>The engine's answer to a command (00 applied, otherwise the refusal) and the ledger transfer it made.</summary>
internal sealed record EngineCommandResult(AuthorizationOutcome Outcome, long TransferId, AuthorizationEngine? Engine, bool IsUnavailable)
{
    public static readonly EngineCommandResult Unavailable = new(default, 0, null, IsUnavailable: true);
}
