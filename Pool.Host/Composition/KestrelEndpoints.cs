using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Pool.Modules.Abstractions;

namespace Pool.Host.Composition;

/// <summary>
/// Binds the admin API's URLs and every module's <see cref="TcpEndpoint"/> on one Kestrel server.
/// Kestrel ignores configured URLs once code calls Listen, so when a module has a TCP endpoint the
/// host turns the URLs into Listen calls itself (http only: TLS for the API ends at the load balancer).
/// One instance per host: it remembers the listeners so their bound addresses can be published after start.
/// </summary>
internal sealed class KestrelEndpoints(IEnumerable<TcpEndpoint> tcpEndpoints)
{
    private readonly TcpEndpoint[] _tcpEndpoints = [.. tcpEndpoints];
    private readonly List<(TcpEndpoint Endpoint, ListenOptions Listen)> _listeners = [];

    public void Configure(KestrelServerOptions kestrel, string urls)
    {
        if (_tcpEndpoints.Length == 0)
        {
            return;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kestrel.Listen(ParseHttpUrl(url));
        }

        foreach (var tcp in _tcpEndpoints)
        {
            kestrel.Listen(tcp.Requested, listen =>
            {
                tcp.Configure(listen);
                lock (_listeners)
                {
                    _listeners.Add((tcp, listen));
                }
            });
        }
    }

    /// <summary>Copies each TCP listener's bound address (port 0 resolved) into its <see cref="TcpEndpoint"/>.</summary>
    public void PublishBoundAddresses()
    {
        lock (_listeners)
        {
            foreach (var (endpoint, listen) in _listeners)
            {
                if (listen.EndPoint is IPEndPoint bound)
                {
                    endpoint.Bound = bound;
                }
            }
        }
    }

    /// <summary>Turns <c>http://127.0.0.1:8080</c>, <c>http://*:8080</c>, <c>http://localhost:0</c> into an address to listen on.</summary>
    public static IPEndPoint ParseHttpUrl(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || !url[..schemeEnd].Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The admin API URL '{url}' is not http://host:port (TLS ends at the load balancer).");
        }

        var hostPort = url[(schemeEnd + 3)..].TrimEnd('/');
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(hostPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            throw new InvalidOperationException($"The admin API URL '{url}' has no port.");
        }

        var host = hostPort[..colon].Trim('[', ']');
        var address = host switch
        {
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(host, out var parsed) => parsed,
            _ => throw new InvalidOperationException($"The admin API URL '{url}' must name an IP address, localhost or *."),
        };
        return new IPEndPoint(address, port);
    }
}
