namespace Pool.Modules.Cards.Vault;

/// <summary>One decoded key set: <see cref="EncryptionKey"/> seals PANs (AES-256-GCM), <see cref="HashKey"/> makes lookup tokens (HMAC-SHA-256).</summary>
internal sealed class VaultKey(string id, byte[] encryptionKey, byte[] hashKey)
{
    public string Id { get; } = id;

    public byte[] EncryptionKey { get; } = encryptionKey;

    public byte[] HashKey { get; } = hashKey;

    /// <summary>Never prints the keys, should the object end up in a log or a debugger display.</summary>
    public override string ToString() => $"vault key {Id}";
}
