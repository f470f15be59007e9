using System.Diagnostics;
using HdrHistogram;
using System.Globalization;
using System.Net.Sockets;
using Pool.Benchmarks.Baseline;

namespace Pool.Benchmarks.Load;

/// <summary>
/// The <c>load</c> mode: seeds, connects and signs on, offers the mix at a fixed rate (open loop) or as
/// fast as the in-flight limit allows, prints progress each second, drains, and reports (JSON, SVG, one
/// summary line). Exit code 0 when every measured request was answered as expected, 1 otherwise.
/// </summary>
internal static class LoadRun
{
    /// <summary>A purchase asks for 100 to 2,000 yen.</summary>
    private const int PurchaseMinorMin = 100;
    private const int PurchaseMinorSpread = 1900;

    /// <summary>Above any deposit (12 digits, link spec §3 DE4): always 51.</summary>
    private const long DeclineAmountMinor = 900_000_000_000;

    /// <summary>How long the sender waits for a full connection's slot before it looks at the clock again.</summary>
    private const int SlotWaitMs = 100;

    /// <summary>Sends batched per connection before they are handed to the socket.</summary>
    private const int FlushEvery = 128;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        var mix = LoadMix.Parse(options.Mix);
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

        BaselineServer? baseline = null;
        LoadCard[] cards;
        var seeding = Stopwatch.StartNew();
        if (options.Target == "baseline")
        {
            baseline = await BaselineServer.StartAsync(options, cancellation.Token);
            cards = baseline.Cards;
            options = options with { Port = baseline.Port };
        }
        else
        {
            cards = await AdminApiSeeder.SeedAsync(options, cancellation.Token);
        }

        Console.WriteLine($"load: seeded {cards.Length:N0} cards for {options.Target} in {seeding.Elapsed.TotalSeconds:F1} s");
        try
        {
            var result = Run(options, mix, cards, cancellation.Token);
            var report = LoadReport.Write(options, result, baseline?.Description);
            Console.WriteLine(report.SummaryLine);
            return result.Errors == 0 && result.Unanswered == 0 ? 0 : 1;
        }
        finally
        {
            if (baseline is not null)
            {
                await baseline.DisposeAsync();
            }
        }
    }

    internal static LoadResult Run(LoadOptions options, LoadMix mix, LoadCard[] cards, CancellationToken cancellationToken)
    {
        // A fresh acquirer id (DE32) per run: keys never repeat an earlier run's, so nothing is a retransmission.
        var acquirer = System.Text.Encoding.ASCII.GetBytes(Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture));
        var writer = new LinkRequestWriter(acquirer);
        var startTicks = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 5);
        var measureStartTicks = startTicks + (options.WarmupSeconds * Stopwatch.Frequency);
        var endTicks = measureStartTicks + (options.DurationSeconds * Stopwatch.Frequency);
        var recorder = new LoadRecorder(options.Connections, measureStartTicks, options.DurationSeconds);
        var connections = new LoadConnection[options.Connections];
        var loadAverageBefore = LoadReport.LoadAverage();
        try
        {
            for (var c = 0; c < connections.Length; c++)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Connect(options.Host, options.Port);
                connections[c] = new LoadConnection(socket, c, connections.Length, options.InFlight, cards, writer, recorder);
                connections[c].SignOn(TimeSpan.FromSeconds(10));
            }

            foreach (var connection in connections)
            {
                connection.StartReceiving();
            }

            long notSent = 0;
            var sender = new Thread(() => notSent = SendLoop(options, mix, cards, connections, writer, startTicks, measureStartTicks, endTicks, cancellationToken))
            {
                IsBackground = true,
                Name = "load-send",
                Priority = ThreadPriority.AboveNormal,
            };
            sender.Start();
            var progress = Stopwatch.StartNew();
            long lastAnswered = 0;
            var cpu = new ProcessCpu(options.Watch);
            var cpuStarted = false;
            while (!sender.Join(TimeSpan.FromSeconds(1)))
            {
                if (!cpuStarted && Stopwatch.GetTimestamp() >= measureStartTicks)
                {
                    cpu.Start();
                    cpuStarted = true;
                }

                var answered = recorder.AnsweredCount;
                Console.WriteLine($"load: {progress.Elapsed.TotalSeconds,5:F0} s sent {recorder.SentCount:N0} answered {answered:N0} ({answered - lastAnswered:N0}/s) outstanding {connections.Sum(c => c.Outstanding):N0} errors {recorder.ErrorCount:N0}{(Stopwatch.GetTimestamp() < measureStartTicks ? " (warm-up)" : "")}");
                lastAnswered = answered;
            }

            var cpuPercent = cpu.PercentOfACore();
            var drainDeadline = Stopwatch.GetTimestamp() + (options.DrainSeconds * Stopwatch.Frequency);
            while (connections.Any(c => c.Outstanding > 0) && Stopwatch.GetTimestamp() < drainDeadline)
            {
                Thread.Sleep(10);
            }

            var unanswered = connections.Sum(c => c.CountUnanswered());
            var (latency, answeredMeasured, late, answeringSeconds) = recorder.Totals();
            var perSecond = recorder.PerSecond()
                // HdrHistogram throws for a percentile of an empty histogram: a second without answers is all zeros.
                .Select((h, s) => h.TotalCount == 0 ? new LatencyPoint(s, 0, 0, 0, 0, 0, 0) : new LatencyPoint(s, h.TotalCount, h.GetValueAtPercentile(50), h.GetValueAtPercentile(90), h.GetValueAtPercentile(99), h.GetValueAtPercentile(99.9), h.GetMaxValue()))
                .ToList();
            return new LoadResult(
                latency, answeredMeasured, answeringSeconds, recorder.SentMeasured, notSent, late, unanswered, recorder.ErrorCount,
                Enum.GetValues<LoadErrorKind>().ToDictionary(k => k.ToString(), k => recorder.ErrorsByKind[(int)k]),
                Enum.GetValues<LoadRequestKind>().ToDictionary(k => k.ToString(), k => recorder.SentByKind[(int)k]),
                recorder.ErrorSamples.ToList(), recorder.WarmupErrors, perSecond, loadAverageBefore, LoadReport.LoadAverage(), cpuPercent);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }
        }
    }

    /// <summary>Sends until the schedule (or, when the host cannot keep up, the clock) reaches the end; returns how many were due but not sent.</summary>
    private static long SendLoop(LoadOptions options, LoadMix mix, LoadCard[] cards, LoadConnection[] connections, LinkRequestWriter writer, long startTicks, long measureStartTicks, long endTicks, CancellationToken cancellationToken)
    {
        var random = new Random(4242);
        var openLoop = options.Rate > 0;
        PreciseSleep.PrepareThread();
        var schedule = new LoadSchedule(startTicks, openLoop ? options.Rate : 1);
        long index = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            var due = openLoop ? schedule.DueTicks(index) : Math.Max(now, startTicks);
            if (due >= endTicks)
            {
                break;
            }

            if (now >= endTicks)
            {
                // Every slot stayed full past the end: the rest of the schedule was offered but could not be
                // sent (the link allows no more outstanding). Counted, not sent late, so a run lasts its duration.
                FlushAll(connections);
                return openLoop ? schedule.DueCount(endTicks) - index : 0;
            }

            if (due > now)
            {
                FlushAll(connections);

                // Sleep until the next request is due (never send early). Any lateness counts as latency, since
                // latency is measured from `due`; the sleep wakes within microseconds (PreciseSleep), and unlike
                // the yield loop it replaced it leaves the core to the host and PostgreSQL.
                PreciseSleep.Sleep(Stopwatch.GetElapsedTime(now, due));
                continue;
            }

            var connection = connections[index % connections.Length];
            writer.SetClock(DateTime.UtcNow);
            var request = Next(mix.KindAt(index), connection, cards, random);
            // A full connection is waited for (the wait counts as latency, from `due`), up to the end of the run.
            if (!connection.TrySend(request, openLoop ? due : Stopwatch.GetTimestamp(), due >= measureStartTicks, SlotWaitMs))
            {
                continue;
            }

            index++;
            if (index % FlushEvery == 0)
            {
                FlushAll(connections);
            }
        }

        FlushAll(connections);
        return 0;
    }

    private static void FlushAll(LoadConnection[] connections)
    {
        foreach (var connection in connections)
        {
            connection.Flush();
        }
    }

    internal static LoadRequest Next(LoadRequestKind kind, LoadConnection connection, LoadCard[] cards, Random random)
    {
        if (kind == LoadRequestKind.Reversal)
        {
            if (connection.TryTakeReversible(out var original))
            {
                return new LoadRequest(LoadRequestKind.Reversal, original.CardIndex, original.AmountMinor, ExpectedAnswer.Approved, original.Stan, original.De7);
            }

            // Nothing approved yet on this connection to reverse: a purchase instead.
            kind = LoadRequestKind.Purchase;
        }

        var cardIndex = random.Next(cards.Length);
        var card = cards[cardIndex];
        switch (kind)
        {
            case LoadRequestKind.Decline:
                return new LoadRequest(kind, cardIndex, DeclineAmountMinor, card.DepositMinor < DeclineAmountMinor ? ExpectedAnswer.InsufficientFunds : ExpectedAnswer.ApprovedOrInsufficient);
            case LoadRequestKind.Inquiry:
                return new LoadRequest(kind, cardIndex, 0, ExpectedAnswer.Approved);
            default:
                var amount = PurchaseMinorMin + random.Next(PurchaseMinorSpread);
                var heldBefore = card.AddSentHold(amount);
                // An advice is recorded whatever the balance (link spec §7): always 00.
                var expected = kind == LoadRequestKind.Advice || heldBefore + amount <= card.DepositMinor ? ExpectedAnswer.Approved : ExpectedAnswer.ApprovedOrInsufficient;
                return new LoadRequest(kind, cardIndex, amount, expected);
        }
    }
}
