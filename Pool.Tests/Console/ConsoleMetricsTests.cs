using System.Diagnostics.Metrics;
using Pool.Modules.Console.Http;

namespace Pool.Tests.Console;

/// <summary>
/// The overview's listener sits on the authorization hot path: each measurement it takes must cost no
/// allocation, and what it counts must be what was measured.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ConsoleMetricsTests
{
    private const int Measurements = 10_000;

    [Test]
    public void Listening_ToAnswersAndLatencies_AllocatesNothing_AndCountsEveryAnswerByCode()
    {
        // A meter of this test's own, with the instrument names the listener looks for; not a Pool.* meter,
        // so no OpenTelemetry provider left by another fixture listens to it as well.
        using var meter = new Meter("ConsoleMetricsProbe");
        var answers = meter.CreateCounter<long>("pool.authorization.answers");
        var latency = meter.CreateHistogram<double>("pool.authorization.duration", "ms");
        using var metrics = new ConsoleMetrics();
        KeyValuePair<string, object?>[] approved = [new("mti", "0110"), new("response_code", "00")];
        KeyValuePair<string, object?>[] declined = [new("mti", "0110"), new("response_code", "51")];
        for (var i = 0; i < 100; i++)
        {
            answers.Add(1, approved);
            latency.Record(1.5, approved);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measurements; i++)
        {
            answers.Add(1, i % 4 == 0 ? declined : approved);
            latency.Record(i % 100, approved);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        var figures = metrics.Snapshot(Environment.TickCount64);
        Assert.That(figures.Mix["00"], Is.EqualTo(100 + (Measurements * 3 / 4)));
        Assert.That(figures.Mix["51"], Is.EqualTo(Measurements / 4));
        Assert.That(figures.DecisionP99Ms, Is.EqualTo(98).Or.EqualTo(99));
    }
}
