namespace Pool.Authorization.Engine.Framing;

/// <summary>
/// Why a frame header was refused. Either one is a protocol violation: the link logs it and closes that
/// connection (link spec §1). Explicit values: they reach logs and metrics.
/// </summary>
public enum FrameError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The header states more than the configured maximum frame size.</summary>
    FrameTooLarge = 1,

    /// <summary>A 4-digit ASCII header holds a byte that is not a decimal digit.</summary>
    HeaderInvalid = 2,
}
