using System.Net;
using System.Net.Sockets;

namespace Pool.Tests.Infrastructure;

/// <summary>The network's side of the authorization link for end-to-end tests: one frame on a new connection, one answer back.</summary>
public static class LinkClient
{
    /// <summary>Sends <paramref name="request"/> on a new connection to <paramref name="link"/> and reads the answer.</summary>
    public static async Task<SpecMessage> ExchangeAsync(IPEndPoint link, SpecMessage request, int timeoutMs = 10_000)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(timeoutMs);
        await client.ConnectAsync(link, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request.ToFrame(), timeout.Token);
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, timeout.Token);
        var body = new byte[(header[0] << 8) | header[1]];
        await stream.ReadExactlyAsync(body, timeout.Token);
        return SpecMessage.Parse(body);
    }
}
