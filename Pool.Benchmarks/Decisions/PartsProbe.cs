using System.Diagnostics;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Benchmarks.Decisions;

/// <summary>
/// <c>decision-parts</c> mode: the cost of the pieces of a decision that are pure computation — the clock
/// read and the approval code — each in a plain loop of two million calls, twice (the second round is the
/// figure; the first includes the JIT). A quick check, not BenchmarkDotNet (docs/benchmarks-engine.md).
/// </summary>
internal static class PartsProbe
{
    public const string Mode = "decision-parts";

    private const int Calls = 2_000_000;

    public static int Run()
    {
        var time = TimeProvider.System;
        var codes = new ApprovalCodeGenerator(0x5EED_0F_A99_0001UL, 0x0C0D_E5EC_2E7_0002UL);
        long sink = 0;
        for (var round = 1; round <= 2; round++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < Calls; i++)
            {
                sink += time.GetUtcNow().UtcTicks;
            }

            Report(round, "TimeProvider.System.GetUtcNow()", started);
            started = Stopwatch.GetTimestamp();
            for (var i = 0; i < Calls; i++)
            {
                sink += (long)codes.Generate(i, (uint)i).Packed;
            }

            Report(round, "ApprovalCodeGenerator.Generate", started);
        }

        // Printed so the loops are not optimised away.
        Console.WriteLine($"checksum {sink & 0xFFFF}");
        return 0;
    }

    private static void Report(int round, string what, long started) =>
        Console.WriteLine($"round {round}: {what}: {Stopwatch.GetElapsedTime(started).TotalNanoseconds / Calls:F1} ns per call");
}
