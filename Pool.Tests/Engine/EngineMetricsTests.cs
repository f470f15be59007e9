using System.Diagnostics.Metrics;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;

namespace Pool.Tests.Engine;

/// <summary>Issue 5 metrics: answers by MTI and response code on the "Pool.Authorization" meter.</summary>
public sealed class EngineMetricsTests
{
    [Test]
    public async Task Answers_AreCountedByMtiAndResponseCode()
    {
        var seen = new List<(string Mti, string Code)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EngineMetrics.MeterName && instrument.Name == "pool.authorization.answers")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? mti = null, code = null;
            foreach (var tag in tags)
            {
                mti = tag.Key == "mti" ? (string?)tag.Value : mti;
                code = tag.Key == "response_code" ? (string?)tag.Value : code;
            }

            lock (seen)
            {
                seen.Add((mti!, code!));
            }
        });
        listener.Start();

        var engine = new EngineHarness();
        await using var _ = engine.Engine;
        engine.Engine.Start();
        var answers = new CollectingCompletion();
        engine.Engine.TrySubmit(engine.Purchase(1, EngineHarness.Balance + 1), answers, 1);
        CollectingCompletion.WaitUntil(() => answers.Calls == 1, "the answer");
        Assert.That(answers.Answers[1].ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
        lock (seen)
        {
            Assert.That(seen, Does.Contain(("0110", "51")));
        }
    }

    [Test]
    public async Task ADisposedEngine_LeavesNoInstrumentInTheProcess()
    {
        // Tests run one at a time, so the count of live "Pool.Authorization" instruments is this test's to change.
        var before = LiveEngineInstruments();
        var engine = new EngineHarness();
        var whileAlive = LiveEngineInstruments();
        await engine.DisposeAsync();
        await engine.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(whileAlive, Is.GreaterThan(before), "an engine publishes its instruments");
            Assert.That(LiveEngineInstruments(), Is.EqualTo(before), "a disposed engine's are gone");
        });
    }

    /// <summary>Instruments of live meters named "Pool.Authorization": a new listener is told of every one.</summary>
    private static int LiveEngineInstruments()
    {
        var count = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) => count += instrument.Meter.Name == EngineMetrics.MeterName ? 1 : 0;
        listener.Start();
        return count;
    }
}
