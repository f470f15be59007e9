using System.Diagnostics;
using System.Globalization;
using Dapper;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>
/// Measures large batches, as clearing writes them (docs/benchmarks.md has the figures). Explicit: run with
/// <c>POOL_LEDGER_BATCH=1000000 dotnet test Pool.Tests -c Release --filter "FullyQualifiedName~TransferBatchThroughput"</c>.
/// </summary>
[TestFixture]
[Explicit("A measurement, not a rule: minutes at a million transfers.")]
[Category("Benchmark")]
public sealed class TransferBatchThroughputTests : LedgerFixture
{
    private const int AccountCount = 10_000;

    [Test]
    public async Task HoldsThenPosts_InBatchesOfTheConfiguredSize()
    {
        var size = int.Parse(Environment.GetEnvironmentVariable("POOL_LEDGER_BATCH") ?? "100000", CultureInfo.InvariantCulture);
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            // Accounts straight into the table: opening 10,000 one by one would measure something else.
            await connection.ExecuteAsync(
                "INSERT INTO ledger.accounts (kind, cardholder_id, flags, created_at) SELECT 100, 'ch_bench_' || g, 1, now() FROM generate_series(1, @count) g",
                new { count = AccountCount });
            // An experiment knob (docs/benchmarks.md): what the foreign keys cost.
            if (Environment.GetEnvironmentVariable("POOL_LEDGER_BENCH_DROP") is { Length: > 0 } constraints)
            {
                foreach (var constraint in constraints.Split(','))
                {
                    await connection.ExecuteAsync($"ALTER TABLE ledger.transfers DROP CONSTRAINT IF EXISTS {constraint}");
                }
            }
        }

        var accounts = (await (await DataSource.OpenConnectionAsync()).QueryAsync<long>("SELECT id FROM ledger.accounts WHERE cardholder_id LIKE 'ch_bench_%' ORDER BY id")).ToArray();
        var deposits = accounts.Select(a => TransferRequest.Single($"bench:deposit:{a}", SystemAccounts.BankCash, a, 1_000_000_000, TransferCode.Deposit)).ToList();
        await MeasureAsync("deposits (single)", deposits);

        var holds = new List<TransferRequest>(size);
        var posts = new List<TransferRequest>(size);
        for (var i = 0; i < size; i++)
        {
            var holdKey = $"bench:hold:{i}";
            holds.Add(TransferRequest.Pending(holdKey, accounts[i % accounts.Length], SystemAccounts.NetworkSettlement, 1_000 + (i % 5_000), TransferCode.AuthorizationHold, reference: $"auth_{i}"));
            posts.Add(TransferRequest.PostPending($"bench:post:{i}", holdKey, 1_000 + (i % 5_000) - (i % 7), TransferCode.Purchase, reference: $"arn_{i:D23}"));
        }

        await MeasureAsync("holds (pending)", holds);
        await MeasureAsync("posts (post_pending)", posts);
        await MeasureAsync("posts repeated (exists)", posts);

        var started = Stopwatch.GetTimestamp();
        var report = await Check.RunAsync(CancellationToken.None);
        TestContext.Out.WriteLine($"ledger check over {report.TransfersChecked} transfers: {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        Assert.That(report.IsBalanced, Is.True);
    }

    private async Task MeasureAsync(string what, List<TransferRequest> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var outcomes = await CreateBatchAsync(batch);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Assert.That(outcomes.Select(o => o.Succeeded), Is.All.True);
        var phases = Host.Logs.Lines.Last(l => l.Contains("[4001]", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"{what}: {batch.Count} in one batch, {seconds:F2} s (commit included), {batch.Count / seconds:N0} transfers/s; {phases[phases.IndexOf("read ", StringComparison.Ordinal)..phases.IndexOf(" ms ", phases.IndexOf("write ", StringComparison.Ordinal), StringComparison.Ordinal)]} ms");
    }
}
