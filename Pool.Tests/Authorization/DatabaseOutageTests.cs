using System.Diagnostics;
using System.Net;
using Pool.Authorization.Engine.Decisions;
using Pool.Host.Database;
using Pool.Modules.Authorization.Engine;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Authorization;

/// <summary>PostgreSQL stopped under load: answers 91 within the budget, the host stays up, and serves again once it is back.</summary>
[TestFixture]
public sealed class DatabaseOutageTests
{
    [Test]
    public async Task DatabaseStoppedUnderLoad_IsAnswered91InTime_AndTheEngineRecoversWhenItIsBack()
    {
        var root = Path.Combine(Path.GetTempPath(), "pool-outage-" + Guid.NewGuid().ToString("N")[..12]);
        var cluster = await PostgresCluster.StartAsync(root);
        try
        {
            await using var harness = await EngineHostHarness.StartAsync(cluster.ConnectionString());
            var card = await harness.NewCardAsync(depositMinor: 1_000_000);
            var engine = harness.Engine;

            // Load: a steady stream of purchases while the database goes away.
            var answers = new List<(ResponseCode Code, long ElapsedMs)>();
            using var stop = new CancellationTokenSource();
            var load = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.StartNew();
                    var code = await DecideOnAsync(harness, engine, harness.Purchase(card, 10));
                    lock (answers)
                    {
                        answers.Add((code, started.ElapsedMilliseconds));
                    }
                }
            });
            await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(Count(answers, ResponseCode.Approved) >= 20), "approvals before the outage");

            await cluster.StopAsync();
            await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(Count(answers, ResponseCode.IssuerUnavailable) >= 20), "91s during the outage");
            await stop.CancelAsync();
            await load;

            lock (answers)
            {
                var late = answers.Where(a => a.ElapsedMs >= 2_000).ToList();
                Assert.That(late, Is.Empty, "every answer within the network's 2 s (commit budget 500 ms)");
                Assert.That(answers.Select(a => a.Code).Distinct(), Is.SubsetOf(new[] { ResponseCode.Approved, ResponseCode.IssuerUnavailable }));
            }

            using (var live = await harness.Host.Client(null).GetAsync("/health/live"))
            {
                Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the host stays up");
            }

            await cluster.RestartAsync();
            await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(harness.EngineHost.Role == EngineRole.Active), "the engine to take the lease again", timeoutMs: 30_000);

            Assert.That((await harness.DecideAsync(harness.Purchase(card, 10))).ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(harness.Engine.Epoch, Is.GreaterThan(engine.Epoch));
        }
        finally
        {
            await cluster.StopAlwaysAsync();
            TestDatabase.TryDelete(root);
        }
    }

    private static int Count(List<(ResponseCode Code, long ElapsedMs)> answers, ResponseCode code)
    {
        lock (answers)
        {
            return answers.Count(a => a.Code == code);
        }
    }

    /// <summary>Submits to <paramref name="engine"/> (or whichever is active now), as the link does.</summary>
    private static async Task<ResponseCode> DecideOnAsync(EngineHostHarness harness, Pool.Authorization.Engine.Processing.AuthorizationEngine engine, AuthorizationRequest request)
    {
        var current = harness.EngineHost.Engine ?? engine;
        var completion = new ManyCompletions();
        current.TrySubmit(in request, completion, 1);
        var deadline = Environment.TickCount64 + 10_000;
        while (completion.Answers.IsEmpty && Environment.TickCount64 < deadline)
        {
            await Task.Delay(1);
        }

        return completion.Answers.TryGetValue(1, out var outcome) ? outcome.ResponseCode : ResponseCode.SystemMalfunction;
    }
}
