using System.Security.Cryptography;
using Pool.Modules.Clearing.Format;

namespace Pool.Tests.Clearing;

/// <summary>A PAN tokenizer for reader tests without a host: HMAC-SHA-256 under a fixed key.</summary>
internal sealed class FakePanTokenizer : IPanTokenizer
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public int TokenBytes => 32;

    public void Compute(ReadOnlySpan<byte> panDigits, Span<byte> destination) => HMACSHA256.HashData(Key, panDigits, destination);
}
