using System.Buffers;
using Pool.Authorization.Engine.Chip;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Framing;

namespace Pool.Tests.Codec;

/// <summary>
/// The hot path allocates nothing (ARCHITECTURE.md §2, STYLE.md "Prove it"): after a warm-up, 10,000 calls
/// leave <see cref="GC.GetAllocatedBytesForCurrentThread"/> where it was.
/// </summary>
public sealed class ZeroAllocationTests
{
    private const int Calls = 10_000;
    private const int WarmUpCalls = 1_000;

    [Test]
    public void ReadAndValidate_0100_AllocatesNothing()
    {
        var message = SpecExamples.Message(SpecExamples.Purchase0100);

        var allocated = Measure(() =>
        {
            IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out _);
            index.TryGetNumber(message, 4, out _);
            index.TryGetField(message, 43, out _);
        });

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void ReadMalformed_AllocatesNothing()
    {
        var message = SpecExamples.Message(SpecExamples.MalformedLetterInDe4);

        var allocated = Measure(() => IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out _, out _));

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void ReadIso87Binary_AllocatesNothing()
    {
        var message = Convert.FromHexString(Iso87Samples.BinaryHex);

        var allocated = Measure(() =>
        {
            IsoMessageReader.TryRead(message, IsoDialects.Iso87Binary, out var index, out _);
            index.TryGetNumber(message, 4, out _);
        });

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Write0110_IntoABufferWriter_AllocatesNothing()
    {
        var request = SpecExamples.Message(SpecExamples.Purchase0100);
        IsoMessageReader.TryRead(request, IsoDialects.PoolLink, out var index, out _);
        var output = new ArrayBufferWriter<byte>(IsoMessageWriter.BufferBytesDefault * 2);

        var allocated = Measure(() =>
        {
            output.ResetWrittenCount();
            var writer = new IsoMessageWriter(output, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);
            writer.BeginMessage(110);
            writer.CopyField(2, request, in index);
            writer.CopyField(11, request, in index);
            writer.WriteNumber(4, 1200);
            writer.WriteField(38, "A1B2C3"u8);
            writer.WriteField(39, "00"u8);
            writer.WriteField(54, "0002392C000000008800"u8);
            writer.Complete();
        });

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void SplitFrames_AllocatesNothing()
    {
        var stream = SpecExamples.WellFormed.SelectMany(SpecExamples.Frame).ToArray();
        var sequence = Segments.Split(stream, stream.Length / 3, stream.Length / 2);
        var scratch = new byte[LinkFrameLimits.FrameBytesMaxDefault];

        var allocated = Measure(() =>
        {
            var buffer = sequence;
            while (LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.BinaryBigEndian2, LinkFrameLimits.FrameBytesMaxDefault, out var frame, out _))
            {
                LinkFrameReader.GetContiguous(frame, scratch);
            }
        });

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void EnumerateChipData_AllocatesNothing()
    {
        var chip = Convert.FromHexString("9F2608A1B2C3D4E5F607089F2701809F100706010A03A000009F3704112233449F360200015F2A020392");

        var allocated = Measure(() =>
        {
            var reader = new BerTlvReader(chip);
            while (reader.TryReadNext(out _))
            {
            }
        });

        Assert.That(allocated, Is.Zero);
    }

    private static long Measure(Action call)
    {
        for (var warmUp = 0; warmUp < WarmUpCalls; warmUp++)
        {
            call();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var index = 0; index < Calls; index++)
        {
            call();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
