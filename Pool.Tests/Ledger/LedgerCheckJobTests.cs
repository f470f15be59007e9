using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;

namespace Pool.Tests.Ledger;

/// <summary>The ledger declares the <c>ledger-check</c> job (admin-api.md §3), which runs the check.</summary>
[TestFixture]
public sealed class LedgerCheckJobTests : LedgerFixture
{
    [Test]
    public async Task LedgerCheckJob_OnABalancedLedger_SucceedsWithASummary()
    {
        await NewCardholderAsync(depositMinor: 100);
        var job = Host.Application.Modules.Single(m => m.Name == "ledger").Jobs.Single(j => j.Name == "ledger-check");
        await using var scope = Host.Services.CreateAsyncScope();

        var summary = await job.RunAsync(new JobContext(scope.ServiceProvider, DateTimeOffset.UtcNow, new Dictionary<string, string>(), new Progress<string>()), CancellationToken.None);

        Assert.That(summary, Does.Contain("0 findings").And.Contain("engine against ledger: "));
        Assert.That(job.DefaultTimeZone, Is.EqualTo("Asia/Tokyo"));
    }
}
