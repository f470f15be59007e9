using Microsoft.Extensions.Logging;

namespace Pool.Modules.Ledger;

/// <summary>The Ledger module's log messages; event ids 4000–4999. Next free id: 4008.</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Transfer batch: {Requested} requested, {Created} created, {NotCreated} not created, {Accounts} accounts changed; read {ReadMs} ms, decide {DecideMs} ms, write {WriteMs} ms")]
    public static partial void BatchWritten(ILogger logger, int requested, int created, int notCreated, int accounts, double readMs, double decideMs, double writeMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Critical, Message = "Ledger invariant broken, unit of work failed: {Invariant}")]
    public static partial void InvariantBroken(ILogger logger, string invariant);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Opened deposit account {AccountId} for cardholder {CardholderId}")]
    public static partial void DepositAccountOpened(ILogger logger, long accountId, string cardholderId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Transfer batch met a concurrent writer of the same key or pending transfer; retrying (attempt {Attempt})")]
    public static partial void BatchRetried(ILogger logger, int attempt);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Ledger check finding: {Rule} account {AccountId} transfer {TransferId}: {Detail}")]
    public static partial void CheckFinding(ILogger logger, string rule, long? accountId, long? transferId, string detail);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Ledger check: {Accounts} accounts, {Transfers} transfers, {Findings} findings in {ElapsedMs} ms")]
    public static partial void CheckCompleted(ILogger logger, int accounts, long transfers, int findings, double elapsedMs);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Transfer batch of new keys left the fast path ({Reason}); done again the careful way")]
    public static partial void FastPathMissed(ILogger logger, string reason);
}
