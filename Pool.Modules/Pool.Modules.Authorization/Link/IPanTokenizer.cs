namespace Pool.Modules.Authorization.Link;

/// <summary>Turns a PAN (ASCII digits) into the engine's card key: its keyed hash under the vault's active key.</summary>
internal interface IPanTokenizer
{
    /// <summary>Writes the 32-byte HMAC-SHA-256 of <paramref name="panDigits"/> into <paramref name="destination"/>; no allocation.</summary>
    void ComputeToken(ReadOnlySpan<byte> panDigits, Span<byte> destination);
}
