using System.Buffers;
using Pool.Authorization.Engine.Chip;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Framing;

namespace Pool.Fuzz;

/// <summary>
/// One fuzz input through every parser of the codec: the reader in the three dialects, the frame reader with
/// both headers and split into chunks, and the BER-TLV reader. Besides crashes (any exception, any read out of
/// range), it checks properties and throws when one breaks: an error points inside the message, every field of
/// the index lies inside the frame, and a message read without error survives a round trip through the
/// writer, both by copying fields and by re-encoding their characters.
/// </summary>
internal static class CodecFuzzTarget
{
    private static readonly IsoDialect[] Dialects = [IsoDialects.PoolLink, IsoDialects.Iso87Ascii, IsoDialects.Iso87Binary];

    public static void Run(ReadOnlySpan<byte> input)
    {
        foreach (var dialect in Dialects)
        {
            ReadAndCheck(input, dialect);
        }

        var bytes = input.ToArray();
        SplitFrames(bytes, FrameHeaderKind.BinaryBigEndian2);
        SplitFrames(bytes, FrameHeaderKind.AsciiDigits4);
        ReadTlv(input, depth: 0);
    }

    private static void ReadAndCheck(ReadOnlySpan<byte> input, IsoDialect dialect)
    {
        var read = IsoMessageReader.TryRead(input, dialect, out var message, out var error);
        Check(read == (error.Kind == IsoReadErrorKind.None), "the result matches the error kind");
        Check(error.Offset >= 0 && error.Offset <= Math.Max(input.Length, IsoMessageReader.MessageBytesMax), "the error offset is in range");
        Check(error.Field is >= 0 and <= 128, "the error field is a data element");
        Span<byte> characters = stackalloc byte[1024];
        for (var field = 2; field <= 128; field++)
        {
            if (!message.Has(field))
            {
                continue;
            }

            var entry = message.Entry(field);
            Check(entry.Offset + entry.Length <= input.Length, "a field lies inside the frame");
            Check(message.TryGetField(input, field, out _), "a read field can be got");
            Check(message.TryGetCharacters(input, field, characters, out _), "a read field decodes");
            message.TryGetNumber(input, field, out _);
        }

        if (read)
        {
            RoundTrip(input, dialect, in message);
        }
    }

    private static void RoundTrip(ReadOnlySpan<byte> input, IsoDialect dialect, in IsoMessage message)
    {
        var copied = new ArrayBufferWriter<byte>();
        var encoded = new ArrayBufferWriter<byte>();
        var copier = new IsoMessageWriter(copied, dialect, bufferBytes: IsoMessageReader.MessageBytesMax);
        var encoder = new IsoMessageWriter(encoded, dialect, bufferBytes: IsoMessageReader.MessageBytesMax);
        copier.BeginMessage(message.Mti);
        encoder.BeginMessage(message.Mti);
        var characters = new byte[1024];
        for (var field = 2; field <= 128; field++)
        {
            if (!message.Has(field))
            {
                continue;
            }

            Check(copier.CopyField(field, input, in message), "a read field can be copied");
            Check(message.TryGetCharacters(input, field, characters, out var count), "a read field decodes");
            Check(encoder.WriteField(field, characters.AsSpan(0, count)), "a read field's characters can be written");
        }

        Check(copier.Complete(), "the copy completes");
        Check(encoder.Complete(), "the re-encoding completes");
        foreach (var written in new[] { copied.WrittenMemory, encoded.WrittenMemory })
        {
            Check(IsoMessageReader.TryRead(written.Span, dialect, out var again, out _), "the written message reads back");
            Check(again.Mti == message.Mti && again.Fields == message.Fields, "the same MTI and fields come back");
            for (var field = 2; field <= 128; field++)
            {
                if (!message.Has(field))
                {
                    continue;
                }

                var before = new byte[1024];
                var after = new byte[1024];
                message.TryGetCharacters(input, field, before, out var beforeCount);
                again.TryGetCharacters(written.Span, field, after, out var afterCount);
                Check(before.AsSpan(0, beforeCount).SequenceEqual(after.AsSpan(0, afterCount)), "each field's characters come back");
            }
        }
    }

    private static void SplitFrames(byte[] input, FrameHeaderKind kind)
    {
        var chunkBytes = input.Length == 0 ? 1 : 1 + (input[0] % 7);
        var buffer = ChunkSegment.Split(input, chunkBytes);
        var scratch = new byte[LinkFrameLimits.FrameBytesMaxDefault];
        var frames = 0;
        while (LinkFrameReader.TryReadFrame(ref buffer, kind, LinkFrameLimits.FrameBytesMaxDefault, out var frame, out var error))
        {
            if (error != FrameError.None)
            {
                return;
            }

            Check(frame.Length is > 0 and <= LinkFrameLimits.FrameBytesMaxDefault, "a frame has a length within the limit");
            var message = LinkFrameReader.GetContiguous(frame, scratch);
            Check(message.Length == frame.Length, "the contiguous frame has the frame's length");
            IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out _, out _);
            Check(++frames <= input.Length, "each frame consumes bytes");
        }
    }

    private static void ReadTlv(ReadOnlySpan<byte> data, int depth)
    {
        var reader = new BerTlvReader(data);
        var objects = 0;
        while (reader.TryReadNext(out var tlv))
        {
            Check(tlv.Offset >= 0 && tlv.Offset < data.Length, "an object starts inside the data");
            Check(++objects <= data.Length, "each object consumes bytes");
            if (tlv.IsConstructed && depth < 4)
            {
                ReadTlv(tlv.Value, depth + 1);
            }
        }
    }

    private static void Check(bool condition, string property)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Fuzz property broken: {property}.");
        }
    }
}
