namespace Pool.Modules.Clearing.Format;

/// <summary>Turns a PAN's ASCII digits into its token (the Cards module's ComputePanToken); no allocation.</summary>
internal interface IPanTokenizer
{
    /// <summary>Bytes in a token.</summary>
    int TokenBytes { get; }

    void Compute(ReadOnlySpan<byte> panDigits, Span<byte> destination);
}
