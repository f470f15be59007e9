using BenchmarkDotNet.Running;

namespace Pool.Benchmarks;

internal static class BenchmarkProgram
{
    // `dotnet run -c Release --project Pool.Benchmarks -- --filter '*'` runs the BenchmarkDotNet suites;
    // other modes (the load generator) are dispatched on their first argument.
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "journal")
        {
            return Journal.EngineHostingMeasurement.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == Clearing.ClearingImportBenchmark.Mode)
        {
            return Clearing.ClearingImportBenchmark.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == Decisions.DecisionBenchmarks.ProfileMode)
        {
            return Decisions.DecisionBenchmarks.RunProfile(args[1..]);
        }

        if (args.Length > 0 && args[0] == Decisions.PartsProbe.Mode)
        {
            return Decisions.PartsProbe.Run();
        }

        if (args.Length > 0 && args[0] == "load")
        {
            return Load.LoadRun.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
