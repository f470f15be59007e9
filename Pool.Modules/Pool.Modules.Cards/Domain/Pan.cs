using System.Security.Cryptography;

namespace Pool.Modules.Cards.Domain;

/// <summary>Primary account numbers: how Pool makes them, and the parts it may show (bin, last4).</summary>
internal static class Pan
{
    /// <summary>Length of every PAN Pool issues, in digits (the common length for card brands' BIN ranges).</summary>
    public const int LengthDigits = 16;

    /// <summary>Digits shown as <c>bin</c> (admin-api.md §1: the first 6 digits).</summary>
    public const int BinDigits = 6;

    /// <summary>Digits shown as <c>last4</c>.</summary>
    public const int Last4Digits = 4;

    /// <summary>A new random PAN: the configured BIN, random digits, then the Luhn check digit.</summary>
    public static string Generate(string bin)
    {
        return string.Create(LengthDigits, bin, static (span, prefix) =>
        {
            prefix.AsSpan().CopyTo(span);
            for (var i = prefix.Length; i < LengthDigits - 1; i++)
            {
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }

            span[^1] = Luhn.CheckDigit(span[..^1]);
        });
    }

    /// <summary>Whether <paramref name="pan"/> is one Pool could have issued: 16 digits, Luhn-valid.</summary>
    public static bool IsWellFormed(string? pan) => pan is { Length: LengthDigits } && Luhn.IsValid(pan);

    public static string Bin(string pan) => pan[..BinDigits];

    public static string Last4(string pan) => pan[^Last4Digits..];
}
