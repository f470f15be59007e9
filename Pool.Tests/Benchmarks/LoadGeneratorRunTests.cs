using Microsoft.Extensions.DependencyInjection;
using Pool.Benchmarks.Load;
using Pool.Modules.Abstractions;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Benchmarks;

/// <summary>
/// The load generator against a real host for two seconds at a low rate: it seeds through the admin API,
/// signs on, offers the whole mix, and every request gets the answer its model expects. No timing is asserted.
/// </summary>
public sealed class LoadGeneratorRunTests
{
    [Test]
    public async Task LoadRun_AgainstAHost_AnswersEveryRequestAsModelled()
    {
        await using var host = await TestHost.StartAsync(await TestDatabase.CreateAsync("load"));
        var link = host.Services.GetServices<TcpEndpoint>().Single().Bound!;
        var options = new LoadOptions
        {
            Target = "pool",
            Host = link.Address.ToString(),
            Port = link.Port,
            Api = host.BaseAddress.ToString(),
            ApiKey = TestHost.AdminKey,
            Connections = 2,
            Rate = 200,
            DurationSeconds = 2,
            WarmupSeconds = 1,
            Cards = 10,
            DrainSeconds = 10,
            Out = Path.Combine(Path.GetTempPath(), "pool-load-test-" + Guid.NewGuid().ToString("N")[..8]),
        };

        var cards = await AdminApiSeeder.SeedAsync(options, CancellationToken.None);
        var result = LoadRun.Run(options, LoadMix.Parse(options.Mix), cards, CancellationToken.None);
        var report = LoadReport.Write(options, result, targetDescription: null);

        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Zero, string.Join("\n", result.ErrorSamples));
            Assert.That(result.Unanswered, Is.Zero);
            Assert.That(result.WarmupErrors, Is.Zero);
            Assert.That(result.Sent, Is.GreaterThan(0));
            Assert.That(result.Answered, Is.EqualTo(result.Sent), "every measured request got its answer");
            Assert.That(report.SummaryLine, Does.StartWith("load: target=pool rate=200 achieved="));
            Assert.That(File.Exists(Path.Combine(options.Out, "result.json")) && File.Exists(Path.Combine(options.Out, "latency.svg")), Is.True);
        });
    }
}
