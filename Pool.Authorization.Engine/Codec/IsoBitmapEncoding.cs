namespace Pool.Authorization.Engine.Codec;

/// <summary>How the primary and secondary bitmaps travel.</summary>
public enum IsoBitmapEncoding : byte
{
    /// <summary>8 bytes per bitmap; bit 1 is the most significant bit of the first byte (link spec §2).</summary>
    Binary = 0,

    /// <summary>16 ASCII hexadecimal characters per bitmap (jPOS's <c>IFA_BITMAP</c>, as in ISO87APackager).</summary>
    Hex = 1,
}
