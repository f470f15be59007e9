using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Pool.Modules.Cards.Configuration;
using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Cards.Vault;

/// <summary>
/// The PAN vault's cryptography. A record keeps the PAN twice, never in clear: a lookup token
/// (HMAC-SHA-256 under the record's hash key) and a sealed copy (AES-256-GCM under the record's
/// encryption key: nonce ‖ ciphertext ‖ tag, with the card id as associated data so a sealed PAN
/// cannot be moved to another card's row). Each record names its key set, so keys can rotate.
/// </summary>
internal sealed class PanVault
{
    /// <summary>AES-GCM nonce, in bytes (the 96 bits NIST SP 800-38D recommends).</summary>
    public const int NonceBytes = 12;

    /// <summary>AES-GCM tag, in bytes (the full 128 bits).</summary>
    public const int TagBytes = 16;

    /// <summary>Longest PAN sealed, in digits (ISO/IEC 7812-1).</summary>
    public const int PanDigitsMax = 19;

    private readonly Dictionary<string, VaultKey> _keys;

    public PanVault(IOptions<CardsOptions> options)
    {
        var vault = options.Value.Vault;
        _keys = vault.Keys.ToDictionary(
            k => k.Id,
            k => new VaultKey(k.Id, Convert.FromBase64String(k.EncryptionKey), Convert.FromBase64String(k.HashKey)),
            StringComparer.Ordinal);
        Active = _keys[vault.ActiveKeyId ?? vault.Keys[0].Id];
    }

    /// <summary>The key set new records use.</summary>
    public VaultKey Active { get; }

    /// <summary>Every configured key set, the active one included.</summary>
    public IReadOnlyCollection<VaultKey> Keys => _keys.Values;

    public bool TryGetKey(string keyId, out VaultKey key) => _keys.TryGetValue(keyId, out key!);

    public VaultKey Key(string keyId) =>
        _keys.TryGetValue(keyId, out var key)
            ? key
            : throw new InvalidOperationException($"Vault key '{keyId}' is not configured; a record still uses it, so it cannot be dropped before re-keying.");

    /// <summary>The lookup token of <paramref name="panAscii"/> under <paramref name="key"/>; allocation free.</summary>
    public static int Token(VaultKey key, ReadOnlySpan<byte> panAscii, Span<byte> destination)
    {
        Debug.Assert(destination.Length >= ICardDirectory.PanTokenBytes, "destination too small");
        return HMACSHA256.HashData(key.HashKey, panAscii, destination);
    }

    public static byte[] Token(VaultKey key, string pan)
    {
        Span<byte> ascii = stackalloc byte[PanDigitsMax];
        var length = Ascii(pan, ascii);
        var token = new byte[ICardDirectory.PanTokenBytes];
        Token(key, ascii[..length], token);
        CryptographicOperations.ZeroMemory(ascii);
        return token;
    }

    /// <summary>The PAN's token under every configured key set, for a lookup that finds records not yet re-keyed.</summary>
    public IReadOnlyList<byte[]> TokensUnderEveryKey(string pan) => _keys.Values.Select(k => Token(k, pan)).ToList();

    public static byte[] Seal(VaultKey key, string cardId, string pan)
    {
        Span<byte> plain = stackalloc byte[PanDigitsMax];
        var length = Ascii(pan, plain);
        var sealedPan = new byte[NonceBytes + length + TagBytes];
        var nonce = sealedPan.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.EncryptionKey, TagBytes))
        {
            aes.Encrypt(nonce, plain[..length], sealedPan.AsSpan(NonceBytes, length), sealedPan.AsSpan(NonceBytes + length, TagBytes), Encoding.UTF8.GetBytes(cardId));
        }

        CryptographicOperations.ZeroMemory(plain);
        return sealedPan;
    }

    /// <summary>Opens a sealed PAN; throws <see cref="CryptographicException"/> when it was not sealed with this key for this card.</summary>
    public static string Open(VaultKey key, string cardId, byte[] sealedPan)
    {
        var length = sealedPan.Length - NonceBytes - TagBytes;
        if (length is < 1 or > PanDigitsMax)
        {
            throw new CryptographicException($"The sealed PAN of card {cardId} has a bad length.");
        }

        Span<byte> plain = stackalloc byte[PanDigitsMax];
        using (var aes = new AesGcm(key.EncryptionKey, TagBytes))
        {
            aes.Decrypt(sealedPan.AsSpan(0, NonceBytes), sealedPan.AsSpan(NonceBytes, length), sealedPan.AsSpan(NonceBytes + length, TagBytes), plain[..length], Encoding.UTF8.GetBytes(cardId));
        }

        var pan = Encoding.ASCII.GetString(plain[..length]);
        CryptographicOperations.ZeroMemory(plain);
        return pan;
    }

    private static int Ascii(string pan, Span<byte> destination)
    {
        if (pan.Length is < 1 or > PanDigitsMax || pan.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("A PAN is 1 to 19 ASCII digits.", nameof(pan));
        }

        return Encoding.ASCII.GetBytes(pan, destination);
    }
}
