namespace Pool.Authorization.Engine.Framing;

/// <summary>The length header in front of every message on the link. Explicit values: a configuration setting.</summary>
public enum FrameHeaderKind
{
    /// <summary>No header: the bytes are one message (used for the writer's bare output and the inspector).</summary>
    None = 0,

    /// <summary>2-byte unsigned big-endian length, header excluded (link spec §1).</summary>
    BinaryBigEndian2 = 1,

    /// <summary>4 ASCII digits stating the length, header excluded: the other layout networks use.</summary>
    AsciiDigits4 = 2,
}
