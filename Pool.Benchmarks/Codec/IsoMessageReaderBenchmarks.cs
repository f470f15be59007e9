using BenchmarkDotNet.Attributes;
using Pool.Authorization.Engine.Codec;

namespace Pool.Benchmarks.Codec;

/// <summary>Parse and validate the typical 0100; then read every field. Goal: ≤ 250 ns, 0 B (issue 3).</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class IsoMessageReaderBenchmarks
{
    private byte[] _message = [];

    [GlobalSetup]
    public void Setup() => _message = CodecSamples.Purchase0100();

    [Benchmark]
    public bool ParseAndValidate0100() => IsoMessageReader.TryRead(_message, IsoDialects.PoolLink, out _, out _);

    [Benchmark]
    public long ParseAndReadEveryField0100()
    {
        var frame = _message.AsSpan();
        IsoMessageReader.TryRead(frame, IsoDialects.PoolLink, out var message, out _);
        long sum = 0;

        // Numbers as integers, everything else as spans: what the decision reads.
        sum += message.TryGetField(frame, 2, out var pan) ? pan.Length : 0;
        foreach (var field in (ReadOnlySpan<int>)[3, 4, 7, 11, 12, 13, 14, 18, 19, 22, 32, 49])
        {
            message.TryGetNumber(frame, field, out var value);
            sum += value;
        }

        foreach (var field in (ReadOnlySpan<int>)[35, 37, 41, 42, 43])
        {
            sum += message.TryGetField(frame, field, out var value) ? value[0] : 0;
        }

        return sum;
    }
}
