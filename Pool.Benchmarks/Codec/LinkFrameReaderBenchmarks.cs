using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Pool.Authorization.Engine.Framing;

namespace Pool.Benchmarks.Codec;

/// <summary>
/// Split frames from a pipe: 16 framed 0100s written into a <see cref="Pipe"/>, then read back with the frame
/// reader, as a connection's read loop does; reported per frame.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class LinkFrameReaderBenchmarks
{
    private const int FramesPerInvoke = 16;

    private byte[] _frames = [];
    private Pipe _pipe = new();
    private byte[] _scratch = [];

    [GlobalSetup]
    public void Setup()
    {
        var frame = CodecSamples.Framed(CodecSamples.Purchase0100());
        _frames = Enumerable.Repeat(frame, FramesPerInvoke).SelectMany(bytes => bytes).ToArray();
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _scratch = new byte[LinkFrameLimits.FrameBytesMaxDefault];
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int SplitFramesFromPipe()
    {
        _pipe.Writer.Write(_frames.AsSpan());
        _pipe.Writer.FlushAsync().GetAwaiter().GetResult();
        _pipe.Reader.TryRead(out var result);
        var buffer = result.Buffer;
        var frames = 0;
        try
        {
            while (LinkFrameReader.TryReadFrame(ref buffer, FrameHeaderKind.BinaryBigEndian2, LinkFrameLimits.FrameBytesMaxDefault, out var frame, out _))
            {
                frames += LinkFrameReader.GetContiguous(frame, _scratch).Length > 0 ? 1 : 0;
            }
        }
        finally
        {
            _pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return frames;
    }
}
