using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Pool.Modules.Abstractions;

/// <summary>
/// A raw TCP endpoint a module serves through Kestrel (e.g. the ISO 8583 authorization link). A module
/// registers one as a singleton; the host binds it beside the admin API's URLs and, once started,
/// fills <see cref="Bound"/> with the real address (port 0 becomes a free port).
/// </summary>
public sealed class TcpEndpoint
{
    private IPEndPoint? _bound;

    /// <param name="name">Short name for logs and the start banner, e.g. <c>Authorization link</c>.</param>
    /// <param name="requested">Address and port to bind; port 0 picks a free one.</param>
    /// <param name="configure">Sets up the listener: the connection handler, TLS, limits.</param>
    public TcpEndpoint(string name, IPEndPoint requested, Action<ListenOptions> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(configure);
        Name = name;
        Requested = requested;
        Configure = configure;
    }

    public string Name { get; }

    public IPEndPoint Requested { get; }

    public Action<ListenOptions> Configure { get; }

    /// <summary>The address actually bound, once the host has started; null before.</summary>
    public IPEndPoint? Bound
    {
        get => Volatile.Read(ref _bound);
        set => Volatile.Write(ref _bound, value);
    }
}
