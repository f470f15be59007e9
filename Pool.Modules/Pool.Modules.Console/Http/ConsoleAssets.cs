using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pool.Modules.Console.Http;

/// <summary>The console's two static files, embedded in the assembly (no wwwroot to deploy), served without a session.</summary>
internal static class ConsoleAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["console.css"] = (Read("console.css"), "text/css; charset=utf-8"),
        ["console.js"] = (Read("console.js"), "text/javascript; charset=utf-8"),
    };

    public static void Map(IEndpointRouteBuilder console) =>
        console.MapGet("/assets/{name}", (string name) =>
            Files.TryGetValue(name, out var file) ? Results.Bytes(file.Bytes, file.ContentType) : Results.NotFound())
            .AllowAnonymous();

    private static byte[] Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("Assets/" + name)
            ?? throw new InvalidOperationException($"The console asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
