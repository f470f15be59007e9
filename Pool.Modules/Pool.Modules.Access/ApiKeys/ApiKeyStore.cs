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
    private readonly Dictionary<string, Entry> _byName;

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
        _byName = _entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public int Count => _entries.Length;

    public bool TryFind(ReadOnlySpan<char> presentedKey, out string name, out string role) =>
        TryFind(presentedKey, out name, out role, out _);

    /// <summary>
    /// As <see cref="TryFind(ReadOnlySpan{char}, out string, out string)"/>, also giving the key's session
    /// stamp: a value derived from the key's hash that a console session carries, so that a key removed
    /// or replaced in configuration ends its sessions (<see cref="IsCurrent"/>). It is not the key and
    /// cannot be turned back into it.
    /// </summary>
    public bool TryFind(ReadOnlySpan<char> presentedKey, out string name, out string role, out string sessionStamp)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(presentedKey.Length, 512))];
        var length = Encoding.UTF8.GetBytes(presentedKey[..Math.Min(presentedKey.Length, 512)], utf8);
        SHA256.HashData(utf8[..length], presented);

        name = "";
        role = "";
        sessionStamp = "";
        var found = false;
        foreach (var entry in _entries)
        {
            // No early exit: every entry is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(presented, entry.Hash))
            {
                name = entry.Name;
                role = entry.Role;
                sessionStamp = entry.SessionStamp;
                found = true;
            }
        }

        return found;
    }

    /// <summary>True when a key of this name, role and session stamp is still configured: one dictionary read per console request.</summary>
    public bool IsCurrent(string name, string role, string sessionStamp) =>
        _byName.TryGetValue(name, out var entry)
        && string.Equals(entry.Role, role, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(sessionStamp), Encoding.ASCII.GetBytes(entry.SessionStamp));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>A second hash over the key's hash, under a purpose label, so the stamp reveals nothing usable as the key's hash either.</summary>
    private static string Stamp(byte[] keyHash) =>
        Convert.ToHexString(SHA256.HashData([.. "pool-console-session:"u8, .. keyHash]), 0, 16);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "No Admin:ApiKeys are configured; created a development admin key in {Path} (the key itself is not logged)")]
    private static partial void LogDevelopmentKey(ILogger logger, string path);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "No Admin:ApiKeys are configured: every admin API request will be refused")]
    private static partial void LogNoKeys(ILogger logger);

    private sealed record Entry(byte[] Hash, string Name, string Role)
    {
        public string SessionStamp { get; } = Stamp(Hash);
    }
}
