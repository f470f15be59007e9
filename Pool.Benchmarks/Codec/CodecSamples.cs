using System.Buffers;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Framing;

namespace Pool.Benchmarks.Codec;

/// <summary>
/// The benchmark input: a typical 0100 of 18 fields and 213 bytes, the link spec's §10 purchase with track 2
/// (DE35) as a chip or swipe read carries it. Built once, outside the measured methods.
/// </summary>
internal static class CodecSamples
{
    public static byte[] Purchase0100()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, IsoDialects.PoolLink);
        writer.BeginMessage(100);
        writer.WriteField(2, "4242424242424242"u8);
        writer.WriteNumber(3, 0);
        writer.WriteNumber(4, 1200);
        writer.WriteNumber(7, 1124120000);
        writer.WriteNumber(11, 123);
        writer.WriteNumber(12, 210000);
        writer.WriteNumber(13, 1124);
        writer.WriteNumber(14, 2812);
        writer.WriteNumber(18, 5499);
        writer.WriteNumber(19, 392);
        writer.WriteNumber(22, 51);
        writer.WriteNumber(32, 123456);
        writer.WriteField(35, "4242424242424242=28121010000000000000"u8);
        writer.WriteField(37, "432812345678"u8);
        writer.WriteField(41, "TERM0001"u8);
        writer.WriteField(42, "MERCHANT0000001"u8);
        writer.WriteField(43, "SEVEN MART SHIBUYA       TOKYO        JP"u8);
        writer.WriteNumber(49, 392);
        if (!writer.Complete() || !IsoMessageReader.TryRead(output.WrittenSpan, IsoDialects.PoolLink, out _, out _))
        {
            throw new InvalidOperationException($"The sample 0100 is invalid: {writer.Error}.");
        }

        return output.WrittenSpan.ToArray();
    }

    public static byte[] Framed(byte[] message)
    {
        var frame = new byte[message.Length + 2];
        LinkFrameWriter.WriteHeader(frame.AsSpan(0, 2), FrameHeaderKind.BinaryBigEndian2, message.Length);
        message.CopyTo(frame, 2);
        return frame;
    }
}
