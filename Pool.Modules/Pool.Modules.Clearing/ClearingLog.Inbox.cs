using Microsoft.Extensions.Logging;

namespace Pool.Modules.Clearing;

/// <summary>The clearing inbox's log messages: event ids 6100–6199 (next free: 6103), apart from the importer's.</summary>
internal static partial class ClearingLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Clearing inbox: {File} moved to {Folder}/{Name} with its report")]
    public static partial void InboxFileMoved(ILogger logger, string file, string folder, string name);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Clearing inbox: {File} (file id {FileId}) was interrupted and stays in the inbox; the next run finishes it")]
    public static partial void InboxFileLeft(ILogger logger, string file, string? fileId);
}
