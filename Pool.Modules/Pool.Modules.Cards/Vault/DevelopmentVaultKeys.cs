using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Pool.Modules.Abstractions;
using Pool.Modules.Cards.Configuration;

namespace Pool.Modules.Cards.Vault;

/// <summary>
/// In Development with no vault keys configured, one key set is made at first start and
/// kept in <c>.pool/vault-keys.json</c> (mode 0600, beside the admin key); later starts reuse it, so
/// the local database's cards stay readable. The keys are never logged or printed, only the path.
/// </summary>
internal static class DevelopmentVaultKeys
{
    public const string FileName = "vault-keys.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Fills <paramref name="vault"/> from the file, creating the file first when there is none. Returns true when it was created.</summary>
    public static bool LoadOrCreate(string path, VaultOptions vault, TimeProvider time)
    {
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<StoredKeys>(File.ReadAllText(path), Json)
                ?? throw new InvalidOperationException($"{path} is empty; delete it only if no card was issued with it.");
            vault.ActiveKeyId = stored.ActiveKeyId;
            vault.Keys = stored.Keys;
            return false;
        }

        var id = "dev-" + time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var created = new StoredKeys(id, [NewKeySet(id)]);
        LocalState.WriteSecretFile(path, JsonSerializer.Serialize(created, Json));
        vault.ActiveKeyId = created.ActiveKeyId;
        vault.Keys = created.Keys;
        return true;
    }

    /// <summary>A fresh key set of random keys.</summary>
    public static VaultKeyOptions NewKeySet(string id) => new()
    {
        Id = id,
        EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(VaultKeyOptions.KeyBytes)),
        HashKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(VaultKeyOptions.KeyBytes)),
    };

    private sealed record StoredKeys(string ActiveKeyId, List<VaultKeyOptions> Keys);
}
