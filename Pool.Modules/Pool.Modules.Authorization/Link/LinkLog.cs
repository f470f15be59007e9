using Microsoft.Extensions.Logging;

namespace Pool.Modules.Authorization.Link;

/// <summary>The link's log messages (event ids 5000–5099; next free: 5009). Never a PAN, track data or PIN.</summary>
internal static partial class LinkLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Link connection {ConnectionId} opened from {Remote}")]
    public static partial void Opened(ILogger logger, string connectionId, string? remote);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Link connection {ConnectionId} closed after {Frames} frames")]
    public static partial void Closed(ILogger logger, string connectionId, long frames);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Link connection {ConnectionId}: frame refused ({Error}); closing the connection (link spec §1)")]
    public static partial void FrameRefused(ILogger logger, string connectionId, Pool.Authorization.Engine.Framing.FrameError error);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Link connection {ConnectionId}: malformed message dropped ({Kind} at DE{Field}, offset {Offset}); MTI or DE11 unreadable (link spec §9)")]
    public static partial void MalformedDropped(ILogger logger, string connectionId, Pool.Authorization.Engine.Codec.IsoReadErrorKind kind, int field, int offset);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Link connection {ConnectionId}: malformed {Mti:D4} answered 30 ({Kind} at DE{Field}, offset {Offset})")]
    public static partial void MalformedAnswered(ILogger logger, string connectionId, int mti, Pool.Authorization.Engine.Codec.IsoReadErrorKind kind, int field, int offset);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Link connection {ConnectionId}: unsolicited {Mti:D4} dropped (link spec §9)")]
    public static partial void Unsolicited(ILogger logger, string connectionId, int mti);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Link connection {ConnectionId}: our echo test got no 0810 within {Seconds} s")]
    public static partial void EchoUnanswered(ILogger logger, string connectionId, int seconds);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Error, Message = "Link connection {ConnectionId} failed; closing only this connection")]
    public static partial void ConnectionFailed(ILogger logger, string connectionId, Exception exception);
}
