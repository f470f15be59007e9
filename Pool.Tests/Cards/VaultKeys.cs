using Microsoft.Extensions.Options;
using Pool.Modules.Cards.Configuration;
using Pool.Modules.Cards.Vault;

namespace Pool.Tests.Cards;

/// <summary>Key sets for tests, and how they look as configuration.</summary>
internal static class VaultKeys
{
    public static VaultKeyOptions New(string id) => DevelopmentVaultKeys.NewKeySet(id);

    public static PanVault Vault(string activeKeyId, params VaultKeyOptions[] keys) =>
        new(Options.Create(new CardsOptions { Vault = new VaultOptions { ActiveKeyId = activeKeyId, Keys = [.. keys] } }));

    /// <summary>Host settings that configure exactly these key sets.</summary>
    public static Dictionary<string, string?> Settings(string activeKeyId, params VaultKeyOptions[] keys)
    {
        var settings = new Dictionary<string, string?> { ["Cards:Vault:ActiveKeyId"] = activeKeyId };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Cards:Vault:Keys:{i}:Id"] = keys[i].Id;
            settings[$"Cards:Vault:Keys:{i}:EncryptionKey"] = keys[i].EncryptionKey;
            settings[$"Cards:Vault:Keys:{i}:HashKey"] = keys[i].HashKey;
        }

        return settings;
    }
}
