using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Pool.Modules.Abstractions;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Access.Contracts;
using Pool.Modules.Console.Rendering;

namespace Pool.Modules.Console.Http;

/// <summary>
/// The console's only way to read or change anything: the host's own admin API over loopback HTTP,
/// with the signed-in user's session cookie forwarded. The API applies its own validation, role
/// policies, audit and idempotency, so the console can do nothing the API would not allow.
/// </summary>
internal sealed class AdminApi(IServer server, IEnumerable<TcpEndpoint> tcpEndpoints) : IDisposable
{
    /// <summary>Longest wait for the API, in milliseconds: a clearing import of a large file is the slowest call.</summary>
    public const int TimeoutMs = 120_000;

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromMilliseconds(TimeoutMs),
    };

    private Uri? _baseAddress;

    public Task<ApiAnswer> GetAsync(HttpContext context, string pathAndQuery) =>
        SendAsync(context, HttpMethod.Get, pathAndQuery, null, null);

    public Task<ApiAnswer> SendJsonAsync(HttpContext context, HttpMethod method, string path, object body, string? idempotencyKey) =>
        SendAsync(context, method, path, new StringContent(JsonSerializer.Serialize(body, JsonOptions), Encoding.UTF8, "application/json"), idempotencyKey);

    public async Task<ApiAnswer> SendAsync(HttpContext context, HttpMethod method, string pathAndQuery, HttpContent? content, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress(), pathAndQuery)) { Content = content };
        if (context.Request.Cookies.TryGetValue(ConsoleAuthentication.CookieName, out var session))
        {
            request.Headers.TryAddWithoutValidation("Cookie", ConsoleAuthentication.CookieName + "=" + session);
        }

        request.Headers.TryAddWithoutValidation(ConsoleAuthentication.ApiHeader, "1");
        if (idempotencyKey is { Length: > 0 })
        {
            request.Headers.TryAddWithoutValidation(IdempotentAttribute.HeaderName, idempotencyKey);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _client.SendAsync(request, context.RequestAborted);
        var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        JsonElement? json = null;
        if (bytes.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.Ordinal))
        {
            using var document = JsonDocument.Parse(bytes);
            json = document.RootElement.Clone();
        }

        return new ApiAnswer((int)response.StatusCode, json);
    }

    public void Dispose() => _client.Dispose();

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The first HTTP address Kestrel bound that is not a TCP link endpoint; a wildcard host is reached on loopback.</summary>
    private Uri BaseAddress()
    {
        if (_baseAddress is not null)
        {
            return _baseAddress;
        }

        var linkPorts = tcpEndpoints.Select(t => t.Bound).OfType<System.Net.IPEndPoint>().Select(e => e.Port).ToHashSet();
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var uri = new Uri(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
            if (linkPorts.Contains(uri.Port) || uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }

            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
            _baseAddress = new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
            return _baseAddress;
        }

        throw new InvalidOperationException("The host listens on no plain HTTP address the console could call its admin API on.");
    }
}

/// <summary>An admin API answer: its status and its JSON body (data or problem details), if any.</summary>
internal sealed record ApiAnswer(int Status, JsonElement? Json)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public JsonElement Body => Json ?? default;

    /// <summary>The problem's field errors (<c>errors</c> of a validation problem), by field name.</summary>
    public IReadOnlyDictionary<string, string> FieldErrors
    {
        get
        {
            var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (Json is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("errors", out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in map.EnumerateObject())
                {
                    errors[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                        ? string.Join(" ", property.Value.EnumerateArray().Select(v => v.ToString()))
                        : property.Value.ToString();
                }
            }

            return errors;
        }
    }

    /// <summary>The problem's title and detail, for a message at the top of the page.</summary>
    public string Problem =>
        Json is { ValueKind: JsonValueKind.Object } body
            ? string.Join(" ", new[] { body.Text("title"), body.Text("detail") }.Where(s => s.Length > 0))
            : $"The admin API answered {Status}.";
}
