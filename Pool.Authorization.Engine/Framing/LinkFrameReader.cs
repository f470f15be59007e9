using System.Buffers;
using System.Buffers.Binary;

namespace Pool.Authorization.Engine.Framing;

/// <summary>
/// Splits the link's byte stream into frames (link spec §1). Called by the connection's read loop with the
/// buffer of each <c>PipeReader.ReadAsync</c>, Kestrel style: it consumes whole frames only, never throws for
/// bad input, and checks a header against the maximum before waiting for the body.
/// </summary>
/// <remarks>
/// <code>
/// +---------------------+-------------------------+
/// | length (2 bytes BE, | message (length bytes)  |   length 0: a keep-alive, skipped
/// |  or 4 ASCII digits) |                         |   length above the maximum: FrameTooLarge
/// +---------------------+-------------------------+
/// </code>
/// A read loop looks like this; <c>AdvanceTo</c> goes in <c>finally</c>:
/// <code>
/// var buffer = result.Buffer;
/// try
/// {
///     while (LinkFrameReader.TryReadFrame(ref buffer, kind, frameBytesMax, out var frame, out var error))
///     {
///         if (error != FrameError.None) { /* log, close the connection */ }
///         var message = LinkFrameReader.GetContiguous(frame, scratch); // copies only a split frame
///     }
/// }
/// finally { reader.AdvanceTo(buffer.Start, buffer.End); }
/// </code>
/// </remarks>
public static class LinkFrameReader
{
    /// <summary>
    /// Takes the next frame off the front of <paramref name="buffer"/>. True when it decided: a frame, or an
    /// error that ends the connection (<paramref name="error"/> not <see cref="FrameError.None"/>). False when
    /// the buffer holds no complete frame: wait for more bytes. Zero-length frames are consumed and skipped.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, FrameHeaderKind kind, int frameBytesMax, out ReadOnlySequence<byte> frame, out FrameError error)
    {
        var headerBytes = LinkFrameLimits.HeaderBytes(kind);
        if (headerBytes == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "The link always frames its messages.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(frameBytesMax, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameBytesMax, LinkFrameLimits.HeaderFrameBytesMax(kind));
        frame = default;
        error = FrameError.None;

        Span<byte> header = stackalloc byte[4];

        // Each pass consumes at least one header, so the loop ends within buffer.Length / headerBytes passes.
        while (buffer.Length >= headerBytes)
        {
            buffer.Slice(0, headerBytes).CopyTo(header);
            if (!TryReadLength(header[..headerBytes], kind, out var length))
            {
                error = FrameError.HeaderInvalid;
                return true;
            }

            if (length > frameBytesMax)
            {
                error = FrameError.FrameTooLarge;
                return true;
            }

            if (length == 0)
            {
                buffer = buffer.Slice(headerBytes);
                continue;
            }

            if (buffer.Length - headerBytes < length)
            {
                return false;
            }

            frame = buffer.Slice(headerBytes, length);
            buffer = buffer.Slice(frame.End);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The frame as one span: its own memory when it lies in one segment, otherwise a copy in
    /// <paramref name="scratch"/> (stackalloc up to <see cref="LinkFrameLimits.StackFrameBytesMax"/>, or a
    /// pooled array, at the caller), which must be at least the frame's length.
    /// </summary>
    public static ReadOnlySpan<byte> GetContiguous(in ReadOnlySequence<byte> frame, Span<byte> scratch)
    {
        if (frame.IsSingleSegment)
        {
            return frame.FirstSpan;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(scratch.Length, (int)frame.Length, nameof(scratch));
        frame.CopyTo(scratch);
        return scratch[..(int)frame.Length];
    }

    private static bool TryReadLength(ReadOnlySpan<byte> header, FrameHeaderKind kind, out int length)
    {
        if (kind == FrameHeaderKind.BinaryBigEndian2)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(header);
            return true;
        }

        return Codec.IsoFieldFormat.TryReadPrefix(header, Codec.IsoNumericEncoding.Ascii, out length);
    }
}
