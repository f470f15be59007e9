using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pool.Authorization.Engine.Codec;

namespace Pool.Modules.Authorization.Link;

/// <summary>
/// Kestrel's entry for the authorization link (ARCHITECTURE.md §2): each TCP connection becomes a
/// <see cref="LinkSession"/>. Connections beyond <see cref="AuthorizationLinkOptions.ConnectionsMax"/> are closed at once.
/// </summary>
internal sealed class LinkConnectionHandler(
    IOptions<AuthorizationLinkOptions> options,
    IEngineAccess engine,
    IPanTokenizer tokenizer,
    LinkMetrics metrics,
    ILogger<LinkConnectionHandler> logger,
    TimeProvider time) : ConnectionHandler
{
    private readonly IsoDialect _dialect = IsoDialects.TryGet(options.Value.Dialect, out var dialect) ? dialect : IsoDialects.PoolLink;
    private int _connections;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        try
        {
            if (Interlocked.Increment(ref _connections) > options.Value.ConnectionsMax)
            {
                return;
            }

            var session = new LinkSession(connection, options.Value, _dialect, engine, tokenizer, metrics, logger, time);
            await session.RunAsync();
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }
}
