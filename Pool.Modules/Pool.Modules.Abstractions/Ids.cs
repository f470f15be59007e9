using System.Security.Cryptography;

namespace Pool.Modules.Abstractions;

/// <summary>Opaque string ids (admin-api.md §1): a short type prefix and 20 random base32 characters.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int RandomCharacters = 20;

    /// <summary>A new id such as <c>ch_0h3k…</c>; <paramref name="prefix"/> names the kind (ch, card, txn…).</summary>
    public static string New(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return string.Create(prefix.Length + 1 + RandomCharacters, prefix, static (span, p) =>
        {
            p.AsSpan().CopyTo(span);
            span[p.Length] = '_';
            Span<byte> bytes = stackalloc byte[RandomCharacters];
            RandomNumberGenerator.Fill(bytes);
            for (var i = 0; i < RandomCharacters; i++)
            {
                span[p.Length + 1 + i] = Alphabet[bytes[i] & 31];
            }
        });
    }
}
