using System.Buffers.Binary;
using System.Diagnostics;

namespace Pool.Authorization.Engine.Framing;

/// <summary>Writes the length header in front of a message (link spec §1).</summary>
public static class LinkFrameWriter
{
    /// <summary>
    /// Writes a header of <paramref name="kind"/> stating <paramref name="messageBytes"/> into
    /// <paramref name="destination"/>, which is exactly <see cref="LinkFrameLimits.HeaderBytes"/> long (the
    /// space <c>IsoMessageWriter</c> reserves in front of the message and back-patches).
    /// </summary>
    public static void WriteHeader(Span<byte> destination, FrameHeaderKind kind, int messageBytes)
    {
        Debug.Assert(destination.Length == LinkFrameLimits.HeaderBytes(kind), "the header space matches its kind");
        Debug.Assert(messageBytes >= 0 && messageBytes <= LinkFrameLimits.HeaderFrameBytesMax(kind), "the length fits the header");
        switch (kind)
        {
            case FrameHeaderKind.BinaryBigEndian2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)messageBytes);
                break;
            case FrameHeaderKind.AsciiDigits4:
                for (var index = 3; index >= 0; index--)
                {
                    destination[index] = (byte)('0' + (messageBytes % 10));
                    messageBytes /= 10;
                }

                break;
            default:
                break;
        }
    }
}
