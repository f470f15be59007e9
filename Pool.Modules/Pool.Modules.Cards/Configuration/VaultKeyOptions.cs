namespace Pool.Modules.Cards.Configuration;

/// <summary>One key set of the PAN vault.</summary>
internal sealed class VaultKeyOptions
{
    /// <summary>Stable id stored on every record made with this set, e.g. <c>2026-11</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>AES-256-GCM key, base64 of 32 bytes.</summary>
    public string EncryptionKey { get; set; } = "";

    /// <summary>HMAC-SHA-256 key for PAN lookup, base64 of 32 bytes.</summary>
    public string HashKey { get; set; } = "";

    /// <summary>Length of both keys, in bytes (AES-256; HMAC-SHA-256's output size, as RFC 2104 recommends).</summary>
    public const int KeyBytes = 32;
}
