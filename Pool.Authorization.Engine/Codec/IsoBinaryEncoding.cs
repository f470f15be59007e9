namespace Pool.Authorization.Engine.Codec;

/// <summary>How <see cref="IsoFieldType.Binary"/> data elements travel.</summary>
public enum IsoBinaryEncoding : byte
{
    /// <summary>The bytes themselves.</summary>
    Raw = 0,

    /// <summary>Two ASCII hexadecimal characters per byte (jPOS's <c>IFA_BINARY</c>, as in ISO87APackager).</summary>
    Hex = 1,
}
