namespace Pool.Host;

/// <summary>
/// The host's log messages. Event ids: host 1000–1999 (next free: 1004), Access 2000–2999, Cards 3000–3999,
/// Ledger 4000–4999, Authorization 5000–5999, Clearing 6000–6999, Jobs 7000–7999, engine 8000–8999.
/// </summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Using the embedded PostgreSQL cluster under {Directory} on 127.0.0.1:{Port}")]
    public static partial void EmbeddedDatabase(ILogger logger, string directory, int port);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Critical, Message = "The host could not start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Applied {Count} migrations")]
    public static partial void Migrated(ILogger logger, int count);
}
