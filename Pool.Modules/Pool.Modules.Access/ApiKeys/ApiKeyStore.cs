using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pool.Modules.Access.ApiKeys;

/// <summary>
/// The configured API keys, kept only as SHA-256 hashes in memory. A presented key is hashed and
/// compared with every known hash in constant time, so neither the comparison nor the loop's length
/// tells an attacker how close a guess was.
/// </summary>
internal sealed partial class ApiKeyStore
{
    private readonly Entry[] _entries;

    public ApiKeyStore(IOptions<AdminOptions> options, IHostEnvironment environment, DevelopmentAdminKey developmentKey, ILogger<ApiKeyStore> logger)
    {
        var configured = options.Value.ApiKeys;
        var entries = new List<Entry>(configured.Count + 1);
        foreach (var key in configured)
        {
            entries.Add(new Entry(Hash(key.Key), key.Name, key.Role));
        }

        if (entries.Count == 0)
        {
            if (environment.IsDevelopment())
            {
                var key = developmentKey.LoadOrCreate();
                entries.Add(new Entry(Hash(key), DevelopmentAdminKey.KeyName, Abstractions.AccessPolicies.Admin));
                LogDevelopmentKey(logger, developmentKey.Path);
            }
            else
            {
                LogNoKeys(logger);
            }
        }

        _entries = [.. entries];
    }

    public int Count => _entries.Length;

    public bool TryFind(ReadOnlySpan<char> presentedKey, out string name, out string role)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(presentedKey.Length, 512))];
        var length = Encoding.UTF8.GetBytes(presentedKey[..Math.Min(presentedKey.Length, 512)], utf8);
        SHA256.HashData(utf8[..length], presented);

        name = "";
        role = "";
        var found = false;
        foreach (var entry in _entries)
        {
            // No early exit: every entry is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(presented, entry.Hash))
            {
                name = entry.Name;
                role = entry.Role;
                found = true;
            }
        }

        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "No Admin:ApiKeys are configured; created a development admin key in {Path} (the key itself is not logged)")]
    private static partial void LogDevelopmentKey(ILogger logger, string path);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "No Admin:ApiKeys are configured: every admin API request will be refused")]
    private static partial void LogNoKeys(ILogger logger);

    private sealed record Entry(byte[] Hash, string Name, string Role);
}
