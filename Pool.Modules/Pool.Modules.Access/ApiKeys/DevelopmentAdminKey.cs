using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Pool.Modules.Abstractions;

namespace Pool.Modules.Access.ApiKeys;

/// <summary>
/// In Development with no keys configured, one admin key is created at first start and kept in
/// <c>.pool/admin-key</c>, readable by its owner only (admin-api.md §4); later starts reuse it.
/// </summary>
internal sealed class DevelopmentAdminKey(IConfiguration configuration)
{
    public const string KeyName = "development-admin";
    public const string FileName = "admin-key";

    public string Path => System.IO.Path.Combine(LocalState.Directory(configuration), FileName);

    public string LoadOrCreate()
    {
        if (File.Exists(Path))
        {
            var existing = File.ReadAllText(Path).Trim();
            if (existing.Length >= AdminOptions.KeyLengthMin)
            {
                return existing;
            }
        }

        var key = "pool_dev_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        LocalState.WriteSecretFile(Path, key + "\n");
        return key;
    }
}
