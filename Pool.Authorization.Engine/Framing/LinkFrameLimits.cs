namespace Pool.Authorization.Engine.Framing;

/// <summary>The limits of link framing, with where each number comes from.</summary>
public static class LinkFrameLimits
{
    /// <summary>Default largest message, header excluded, in bytes: link spec §1 ("default 8192 bytes").</summary>
    public const int FrameBytesMaxDefault = 8192;

    /// <summary>The most a 2-byte header can state.</summary>
    public const int BinaryHeaderFrameBytesMax = ushort.MaxValue;

    /// <summary>The most a 4-digit ASCII header can state.</summary>
    public const int AsciiHeaderFrameBytesMax = 9999;

    /// <summary>
    /// Frames up to this size are made contiguous on the stack by callers of
    /// <see cref="LinkFrameReader.GetContiguous"/>; larger ones rent from the array pool (STYLE.md: stackalloc
    /// below a named constant). 1 KiB covers every message of link spec §4 several times over.
    /// </summary>
    public const int StackFrameBytesMax = 1024;

    /// <summary>Bytes of a header of <paramref name="kind"/>.</summary>
    public static int HeaderBytes(FrameHeaderKind kind) => kind switch
    {
        FrameHeaderKind.BinaryBigEndian2 => 2,
        FrameHeaderKind.AsciiDigits4 => 4,
        _ => 0,
    };

    /// <summary>The most a header of <paramref name="kind"/> can state.</summary>
    public static int HeaderFrameBytesMax(FrameHeaderKind kind) => kind switch
    {
        FrameHeaderKind.BinaryBigEndian2 => BinaryHeaderFrameBytesMax,
        FrameHeaderKind.AsciiDigits4 => AsciiHeaderFrameBytesMax,
        _ => IsoMessageReaderLimit,
    };

    private const int IsoMessageReaderLimit = Codec.IsoMessageReader.MessageBytesMax;
}
