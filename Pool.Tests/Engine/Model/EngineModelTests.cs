using System.Globalization;

namespace Pool.Tests.Engine.Model;

/// <summary>
/// The seeded model test of issue 5 (in the spirit of TigerBeetle's simulator). CI runs a fixed budget of
/// seeds; <c>POOL_MODEL_SEEDS=n</c> runs n seeds, <c>POOL_MODEL_STEPS=n</c> sets the steps per seed, and
/// <c>POOL_MODEL_SEED=s</c> replays seed s alone (the failure message prints it).
/// </summary>
public sealed class EngineModelTests
{
    private const int CiSeeds = 100;
    private const int CiSteps = 300;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [Test]
    [CancelAfter(600_000)]
    public async Task Engine_AgreesWithTheSpecModel_OnRandomSeededRuns()
    {
        var steps = Setting("POOL_MODEL_STEPS", CiSteps);
        var single = Environment.GetEnvironmentVariable("POOL_MODEL_SEED");
        var seeds = single is not null
            ? [int.Parse(single, CultureInfo.InvariantCulture)]
            : Enumerable.Range(1, Setting("POOL_MODEL_SEEDS", CiSeeds)).ToArray();
        foreach (var seed in seeds)
        {
            await using var run = new ModelRun(seed);
            await run.RunAsync(steps);
        }

        TestContext.Out.WriteLine($"{seeds.Length} seeds x {steps} steps agree with the spec model");
    }
}
