using System.Diagnostics;
using System.Xml.Linq;
using Pool.Benchmarks.Baseline;
using Pool.Benchmarks.Load;

namespace Pool.Tests.Benchmarks;

/// <summary>The load generator's pieces, without a host: schedule, STAN space, mix, SVG, baseline PANs.</summary>
public sealed class LoadGeneratorPartsTests
{
    [Test]
    public void Schedule_IsOpenLoop_RequestIIsDueAtStartPlusIOverRate()
    {
        var schedule = new LoadSchedule(1_000, 1_000);
        Assert.Multiple(() =>
        {
            Assert.That(schedule.DueTicks(0), Is.EqualTo(1_000));
            Assert.That(schedule.DueTicks(1_000), Is.EqualTo(1_000 + Stopwatch.Frequency));
            Assert.That(schedule.DueCount(999), Is.Zero, "nothing is due before the start");
            Assert.That(schedule.DueCount(1_000), Is.EqualTo(1), "request 0 is due at the start");
            Assert.That(schedule.DueCount(1_000 + Stopwatch.Frequency), Is.EqualTo(1_001));
        });
    }

    [TestCase(1, 1024)]
    [TestCase(4, 1024)]
    [TestCase(16, 256)]
    public void StanSpace_ConnectionsNeverShareAStan_AndAStanNamesItsSlot(int connections, int slots)
    {
        var seen = new HashSet<int>();
        for (var c = 0; c < connections; c++)
        {
            var space = new StanSpace(c, connections, slots);
            foreach (var slot in new[] { 0, 1, slots / 2, slots - 1 })
            {
                foreach (var use in new long[] { 0, 1, 7, 1_000_000 })
                {
                    var stan = space.Stan(slot, use);
                    Assert.That(stan, Is.InRange(1, StanSpace.StanMax), "DE11 is n6 and never 0");
                    Assert.That(space.SlotOf(stan), Is.EqualTo(slot));
                    for (var other = 0; other < connections; other++)
                    {
                        if (other != c)
                        {
                            Assert.That(new StanSpace(other, connections, slots).SlotOf(stan), Is.EqualTo(-1), $"connection {other} must not claim {stan}");
                        }
                    }

                    seen.Add(stan);
                }
            }
        }

        Assert.That(seen, Has.Count.GreaterThan(connections * 4));
    }

    [Test]
    public void Mix_HonoursTheWeights_InEachHundredRequests()
    {
        var mix = LoadMix.Parse(LoadMix.Default);
        var counts = Enumerable.Range(0, 100).GroupBy(i => mix.KindAt(i)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Multiple(() =>
        {
            Assert.That(counts[LoadRequestKind.Purchase], Is.EqualTo(70));
            Assert.That(counts[LoadRequestKind.Decline], Is.EqualTo(10));
            Assert.That(counts[LoadRequestKind.Foreign], Is.EqualTo(5));
            Assert.That(mix.KindAt(100), Is.EqualTo(mix.KindAt(0)), "the table repeats every hundred");
        });
    }

    [Test]
    public void Mix_WithAnUnknownKind_IsRefused() =>
        Assert.That(() => LoadMix.Parse("purchase=90,cashback=10"), Throws.ArgumentException.With.Message.Contains("cashback"));

    [Test]
    public void LatencySvg_IsWellFormed_WithOneLinePerPercentile()
    {
        var points = Enumerable.Range(0, 10).Select(s => new LatencyPoint(s, 1000, 300, 500, 900 + s, 2000, 5000)).ToList();
        var svg = XDocument.Parse(LatencySvg.Render("pool <test> & co", points));
        var ns = XNamespace.Get("http://www.w3.org/2000/svg");
        Assert.That(svg.Descendants(ns + "polyline").Count(), Is.EqualTo(5));
    }

    [Test]
    public void BaselinePans_AreLuhnValid_AndDistinct()
    {
        var pans = Enumerable.Range(0, 1000).Select(BaselineSchema.Pan).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pans.Distinct().Count(), Is.EqualTo(1000));
            Assert.That(pans, Has.All.Length.EqualTo(16));
            Assert.That(pans.All(LuhnValid), Is.True);
        });
    }

    private static bool LuhnValid(string pan)
    {
        var sum = 0;
        for (var i = 0; i < pan.Length; i++)
        {
            var digit = pan[pan.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? (digit * 2) - 9 : digit * 2;
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
