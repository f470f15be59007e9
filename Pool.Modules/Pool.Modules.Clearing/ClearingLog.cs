using Microsoft.Extensions.Logging;

namespace Pool.Modules.Clearing;

/// <summary>The Clearing module's log messages; event ids 6000–6999. Next free id: 6009. Never a PAN: BIN and last four at most.</summary>
internal static partial class ClearingLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Clearing file {FileId} staged: {Details} details, {Duplicates} already imported, in {ElapsedMs} ms ({CopiedMs} ms reading, checking and copying)")]
    public static partial void Staged(ILogger logger, string fileId, long details, long duplicates, double copiedMs, double elapsedMs);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Clearing file rejected: {Rejection}")]
    public static partial void Rejected(ILogger logger, string rejection);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Clearing file {FileId} was imported before; nothing posted")]
    public static partial void AlreadyImported(ILogger logger, string fileId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Clearing file {FileId} was staged by an import that did not finish; finishing it")]
    public static partial void Resuming(ILogger logger, string fileId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Clearing file {FileId} done: {Matched} matched, {ForcePosted} force-posted, {Credits} credits, {Reversals} reversals, {Exceptions} exceptions in {ElapsedMs} ms")]
    public static partial void Done(ILogger logger, string fileId, long matched, long forcePosted, long credits, long reversals, long exceptions, double elapsedMs);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "Clearing exception in file {FileId} record {RecordNumber}: {Reason}")]
    public static partial void DetailException(ILogger logger, string fileId, int recordNumber, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Clearing file {FileId} stopped before posting all its details; importing it again finishes it: {Reason}")]
    public static partial void Interrupted(ILogger logger, string fileId, string reason);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Clearing file {FileId}: posted a batch of {Details} details (read {ReadMs} ms, match {MatchMs} ms, engine {PostMs} ms, then {OutcomesMs} ms waiting for the previous batch's outcome write)")]
    public static partial void BatchPosted(ILogger logger, string fileId, int details, long readMs, long matchMs, long postMs, long outcomesMs);
}
