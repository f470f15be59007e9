using Microsoft.Extensions.DependencyInjection;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Authorization;

namespace Pool.Tests.Jobs;

/// <summary>
/// ledger-check compares the active engine's in-memory balances with the ledger's (issue 7, docs/ledger.md
/// "Engine against ledger"): a clean state passes; authorization traffic during the check raises no false
/// alarm; a transfer written to the ledger behind the engine's back fails the run naming the account.
/// </summary>
[TestFixture]
public sealed class LedgerCheckEngineTests : ProductJobsFixture
{
    [Test, Order(1)]
    public async Task ACleanState_Passes_ComparingEveryAccountTheEngineHolds()
    {
        var card = await Harness.NewCardAsync(depositMinor: 50_000);
        Assert.That((await Harness.DecideAsync(Harness.Purchase(card, 1_234))).ResponseCode, Is.EqualTo(ResponseCode.Approved));

        var check = await RunJobAsync("ledger-check");

        Assert.That(check.ExitCode, Is.Zero, check.ToString());
        Assert.That(check.Output, Does.Contain("engine against ledger: ").And.Contain(" 0 differences"), check.ToString());
        Assert.That(check.Output, Does.Not.Contain("engine against ledger: 0 accounts"), "the engine's accounts were compared");
    }

    [Test, Order(2)]
    public async Task TrafficDuringTheCheck_CausesNoFalseAlarm()
    {
        var cards = new List<TestCard>();
        for (var i = 0; i < 4; i++)
        {
            cards.Add(await Harness.NewCardAsync(depositMinor: 1_000_000));
        }

        using var stop = new CancellationTokenSource();
        var decided = 0L;
        var traffic = Task.WhenAll(cards.Select(card => Task.Run(async () =>
        {
            // Holds placed and released again: balances that move up and back down while the check reads.
            while (!stop.IsCancellationRequested)
            {
                var purchase = Harness.Purchase(card, 700);
                var outcome = await Harness.DecideAsync(purchase);
                if (outcome.ResponseCode == ResponseCode.Approved)
                {
                    await Harness.DecideAsync(Harness.Reversal(card, purchase.Key));
                }

                Interlocked.Increment(ref decided);
            }
        })));
        await JobsTestWait.UntilAsync(() => Interlocked.Read(ref decided) > 20, "traffic to flow");

        // Several checks, so balances caught between a change and its projection are likely in one of them.
        var before = Interlocked.Read(ref decided);
        var checks = new List<JobCliRun>();
        for (var i = 0; i < 5; i++)
        {
            checks.Add(await RunJobAsync("ledger-check"));
        }

        var during = Interlocked.Read(ref decided) - before;
        await stop.CancelAsync();
        await traffic;

        Assert.That(during, Is.Positive, "authorizations were decided while the checks ran");
        Assert.That(checks.Select(c => c.ExitCode), Is.All.Zero, string.Join(Environment.NewLine, checks));
        Assert.That(checks.Select(c => c.Output), Is.All.Contain(" 0 differences"), string.Join(Environment.NewLine, checks));
    }

    [Test, Order(3)]
    public async Task ATransferBehindTheEnginesBack_FailsTheRun_NamingTheAccount()
    {
        var card = await Harness.NewCardAsync(depositMinor: 10_000);
        var accountId = (await Accounts.FindDepositAccountAsync(card.CardholderId, CancellationToken.None))!.Value;
        var transfers = Host.Services.GetRequiredService<ILedgerTransfers>();
        var written = await transfers.CreateAsync(
            TransferRequest.Single(Key("behind-the-engine"), SystemAccounts.BankCash, accountId, 500, TransferCode.Deposit),
            CancellationToken.None);
        Assert.That(written.Result, Is.EqualTo(TransferResultCode.Ok));

        var check = await RunJobAsync("ledger-check");

        Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
        Assert.That(check.Error, Does.Contain($"account {accountId}: engine posted 10000 held 0, ledger posted 10500 held 0"), check.ToString());
        Assert.That(check.Output, Does.Contain("ledger invariants: "), "the ledger itself still balances: the difference is the engine's");
    }
}
