using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Framing;

namespace Pool.Benchmarks.Codec;

/// <summary>Write the 0110 approval of the typical 0100, echoing its fields. Goal: ≤ 150 ns, 0 B (issue 3).</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class IsoMessageWriterBenchmarks
{
    private byte[] _request = [];
    private IsoMessage _index;
    private ArrayBufferWriter<byte> _output = new();
    private Pipe _pipe = new();

    [GlobalSetup]
    public void Setup()
    {
        _request = CodecSamples.Purchase0100();
        IsoMessageReader.TryRead(_request, IsoDialects.PoolLink, out _index, out _);
        _output = new ArrayBufferWriter<byte>(IsoMessageWriter.BufferBytesDefault * 2);
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    }

    [Benchmark]
    public int Write0110()
    {
        _output.ResetWrittenCount();
        var writer = new IsoMessageWriter(_output, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);
        WriteApproval(ref writer);
        return _output.WrittenCount;
    }

    [Benchmark]
    public long Write0110IntoPipeWriter()
    {
        var writer = new IsoMessageWriter(_pipe.Writer, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);
        WriteApproval(ref writer);
        var written = _pipe.Writer.UnflushedBytes;

        // Flush and drain so every invocation starts from an empty pipe, as a connection's writer would.
        _pipe.Writer.FlushAsync().GetAwaiter().GetResult();
        _pipe.Reader.TryRead(out var result);
        _pipe.Reader.AdvanceTo(result.Buffer.End);
        return written;
    }

    private void WriteApproval(ref IsoMessageWriter writer)
    {
        var request = _request.AsSpan();
        writer.BeginMessage(110);
        writer.CopyField(2, request, in _index);
        writer.CopyField(3, request, in _index);
        writer.CopyField(4, request, in _index);
        writer.CopyField(7, request, in _index);
        writer.CopyField(11, request, in _index);
        writer.CopyField(32, request, in _index);
        writer.CopyField(37, request, in _index);
        writer.WriteField(38, "A1B2C3"u8);
        writer.WriteField(39, "00"u8);
        writer.CopyField(41, request, in _index);
        writer.CopyField(42, request, in _index);
        writer.CopyField(49, request, in _index);
        writer.WriteField(54, "0002392C000000008800"u8);
        writer.Complete();
    }
}
