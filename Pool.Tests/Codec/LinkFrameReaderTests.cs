using System.Buffers;
using System.IO.Pipelines;
using Pool.Authorization.Engine.Framing;

namespace Pool.Tests.Codec;

/// <summary>Framing of link spec §1: whole, byte by byte, and split at every offset.</summary>
public sealed class LinkFrameReaderTests
{
    private const int FrameBytesMax = LinkFrameLimits.FrameBytesMaxDefault;

    // Every spec frame, with a zero-length keep-alive between the first two.
    private static byte[] Stream()
    {
        var frames = SpecExamples.WellFormed.Select(SpecExamples.Frame).ToList();
        frames.Insert(1, [0, 0]);
        return frames.SelectMany(frame => frame).ToArray();
    }

    private static string[] ExpectedMessages() =>
        SpecExamples.WellFormed.Select(heading => Convert.ToHexString(SpecExamples.Message(heading))).ToArray();

    [Test]
    public void Stream_Whole_YieldsEveryFrameAndSkipsTheKeepAlive()
    {
        var buffer = new ReadOnlySequence<byte>(Stream());

        var messages = ReadAll(ref buffer, FrameHeaderKind.BinaryBigEndian2);

        Assert.That(messages, Is.EqualTo(ExpectedMessages()));
        Assert.That(buffer.Length, Is.Zero);
    }

    [Test]
    public void Stream_SplitAtEveryOffset_YieldsTheSameFrames()
    {
        var stream = Stream();
        for (var cut = 1; cut < stream.Length; cut++)
        {
            var buffer = Segments.Split(stream, cut);

            var messages = ReadAll(ref buffer, FrameHeaderKind.BinaryBigEndian2);

            Assert.That(messages, Is.EqualTo(ExpectedMessages()), $"cut at {cut}");
        }
    }

    [Test]
    public void Frame_ArrivingInTwoReadsSplitAtEveryOffset_WaitsForTheRest()
    {
        var frame = SpecExamples.Frame(SpecExamples.Purchase0100);
        for (var cut = 0; cut < frame.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(frame.AsMemory(0, cut));

            var decided = LinkFrameReader.TryReadFrame(ref partial, FrameHeaderKind.BinaryBigEndian2, FrameBytesMax, out _, out var error);

            Assert.That(decided, Is.False, $"{cut} bytes are not a frame");
            Assert.That(error, Is.EqualTo(FrameError.None));
            Assert.That(partial.Length, Is.EqualTo(cut), "nothing is consumed while waiting");
        }
    }

    [Test]
    public async Task Pipe_FedByteByByte_YieldsEveryFrame()
    {
        var pipe = new Pipe();
        var stream = Stream();
        var writing = Task.Run(async () =>
        {
            foreach (var value in stream)
            {
                await pipe.Writer.WriteAsync(new[] { value });
            }

            await pipe.Writer.CompleteAsync();
        });

        var messages = new List<string>();
        var scratch = new byte[FrameBytesMax];
        while (true)
        {
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            try
            {
                while (LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.BinaryBigEndian2, FrameBytesMax, out var frame, out var error))
                {
                    Assert.That(error, Is.EqualTo(FrameError.None));
                    messages.Add(Convert.ToHexString(LinkFrameReader.GetContiguous(frame, scratch)));
                }
            }
            finally
            {
                pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        await writing;
        Assert.That(messages, Is.EqualTo(ExpectedMessages()));
    }

    [Test]
    public void Header_AboveTheMaximum_IsFrameTooLargeBeforeTheBodyArrives()
    {
        // 8193 stated, no body sent: the link must not wait for 8 KB it will refuse anyway.
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x20, 0x01 });

        var decided = LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.BinaryBigEndian2, FrameBytesMax, out _, out var error);

        Assert.That(decided, Is.True);
        Assert.That(error, Is.EqualTo(FrameError.FrameTooLarge));
    }

    [Test]
    public void Header_AtTheMaximum_WaitsForTheBody()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x20, 0x00, 0x30 });

        var decided = LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.BinaryBigEndian2, FrameBytesMax, out _, out var error);

        Assert.That(decided, Is.False);
        Assert.That(error, Is.EqualTo(FrameError.None));
    }

    [Test]
    public void KeepAlivesOnly_AreConsumedAndYieldNothing()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 0 });

        var decided = LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.BinaryBigEndian2, FrameBytesMax, out _, out _);

        Assert.That(decided, Is.False);
        Assert.That(buffer.Length, Is.EqualTo(1), "two keep-alives consumed, half a header left");
    }

    // Each case: a 4-digit ASCII header stream and what the reader makes of it.
    [TestCase("0003ABC", "ABC", FrameError.None, TestName = "AsciiHeader_StatesTheLength_YieldsTheFrame")]
    [TestCase("00000002OK", "OK", FrameError.None, TestName = "AsciiHeader_ZeroLength_IsSkipped")]
    [TestCase("00A3ABC", "", FrameError.HeaderInvalid, TestName = "AsciiHeader_WithLetter_IsHeaderInvalid")]
    [TestCase("9999", "", FrameError.FrameTooLarge, TestName = "AsciiHeader_AboveTheMaximum_IsFrameTooLarge")]
    public void AsciiHeader_IsTheOtherOption(string stream, string message, FrameError expected)
    {
        var buffer = new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(stream));

        var decided = LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.AsciiDigits4, FrameBytesMax, out var frame, out var error);

        Assert.That(decided, Is.True);
        Assert.That(error, Is.EqualTo(expected));
        Assert.That(System.Text.Encoding.ASCII.GetString(frame.ToArray()), Is.EqualTo(message));
    }

    [Test]
    public void GetContiguous_SingleSegment_ReturnsTheFramesOwnMemory()
    {
        var data = SpecExamples.Frame(SpecExamples.EchoTest0800);
        var buffer = new ReadOnlySequence<byte>(data);
        LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.BinaryBigEndian2, FrameBytesMax, out var frame, out _);

        var span = LinkFrameReader.GetContiguous(frame, []);

        Assert.That(span.Overlaps(data), Is.True, "no copy when the frame is in one segment");
    }

    [Test]
    public void GetContiguous_SplitFrame_CopiesIntoTheScratch()
    {
        var data = SpecExamples.Frame(SpecExamples.EchoTest0800);
        var buffer = Segments.Split(data, 10, 20);
        LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.BinaryBigEndian2, FrameBytesMax, out var frame, out _);
        var scratch = new byte[64];

        var span = LinkFrameReader.GetContiguous(frame, scratch);

        Assert.That(span.Overlaps(scratch), Is.True);
        Assert.That(span.ToArray(), Is.EqualTo(data[2..]));
    }

    private static List<string> ReadAll(ref ReadOnlySequence<byte> buffer, FrameHeaderKind kind)
    {
        var messages = new List<string>();
        Span<byte> scratch = stackalloc byte[LinkFrameLimits.StackFrameBytesMax];
        while (LinkFrameReader.TryReadFrame(ref buffer, kind, FrameBytesMax, out var frame, out var error))
        {
            Assert.That(error, Is.EqualTo(FrameError.None));
            messages.Add(Convert.ToHexString(LinkFrameReader.GetContiguous(frame, scratch)));
        }

        return messages;
    }
}
