using BenchmarkDotNet.Attributes;
using Pool.Authorization.Engine.Chip;

namespace Pool.Benchmarks.Codec;

/// <summary>Walk a typical DE55 of 10 EMV tags.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class BerTlvReaderBenchmarks
{
    private byte[] _chip = [];

    [GlobalSetup]
    public void Setup() => _chip = Convert.FromHexString(
        "9F2608A1B2C3D4E5F607089F2701809F100706010A03A000009F3704112233449F36020001950500000000009A032411249C01005F2A020392820219809F1A020392");

    [Benchmark]
    public int EnumerateDe55()
    {
        var reader = new BerTlvReader(_chip);
        var tags = 0;
        while (reader.TryReadNext(out _))
        {
            tags++;
        }

        return tags;
    }
}
