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
}
