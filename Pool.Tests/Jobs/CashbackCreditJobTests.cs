using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Jobs;

/// <summary>
/// cashback-credit (ARCHITECTURE §3, docs/jobs.md): 1% of the Tokyo month's net cleared purchases (purchases minus
/// refunds, never negative), rounded down, credited once per month per account from cashback expense, through the engine.
/// </summary>
[TestFixture]
public sealed class CashbackCreditJobTests : ProductJobsFixture
{
    [Test, Order(1)]
    public async Task NetClearedPurchasesOfTheTokyoMonth_EarnOnePercentRoundedDown_ThroughTheEngine_Once()
    {
        AtTokyo(2026, 9, 30, 12);
        var card = await Harness.NewCardAsync(depositMinor: 100_000);
        var accountId = (await Accounts.FindDepositAccountAsync(card.CardholderId, CancellationToken.None))!.Value;
        AtUtc(2026, 9, 30, 14, 30); // 23:30 on 30 September in Tokyo: September's
        await ClearAsync(card.CardId, 7_000, credit: false);
        AtTokyo(2026, 10, 10, 12);
        await ClearAsync(card.CardId, 12_345, credit: false);
        AtTokyo(2026, 10, 20, 12);
        await ClearAsync(card.CardId, 2_000, credit: true);
        AtUtc(2026, 10, 31, 15, 30); // 00:30 on 1 November in Tokyo: November's
        await ClearAsync(card.CardId, 50_000, credit: false);
        AtTokyo(2026, 11, 1, 10);

        var run = await RunJobAsync("cashback-credit", "month=2026-10");
        var repeat = await RunJobAsync("cashback-credit", "month=2026-10");

        Assert.That((run.ExitCode, repeat.ExitCode), Is.EqualTo((0, 0)), $"{run} / {repeat}");
        Assert.That(await ScalarAsync($"SELECT amount FROM ledger.transfers WHERE idempotency_key = 'cashback:{accountId}:2026-10'"), Is.EqualTo(103), "(12,345 − 2,000) × 1% = 103.45 → 103");
        Assert.That(await ScalarAsync($"SELECT debit_account_id FROM ledger.transfers WHERE idempotency_key = 'cashback:{accountId}:2026-10'"), Is.EqualTo(SystemAccounts.CashbackExpense));
        Assert.That(await CashbackCountAsync(accountId), Is.EqualTo(1), "run twice, credited once");
        Assert.That(run.Output, Does.Contain("credited 103 yen of cashback to 1 accounts"));
        Assert.That(repeat.Output, Does.Contain("credited 0 yen").And.Contain("1 already credited"));
        Assert.That(Harness.Engine.State.TryGetBalance(accountId, out var posted, out var held), Is.True);
        Assert.That((posted, held), Is.EqualTo((32_758L, 0L)), "100,000 − 7,000 − 12,345 + 2,000 − 50,000 + 103: the engine's available includes the credit");
    }

    [Test, Order(2)]
    public async Task RefundsAboveThePurchases_OrUnderOneYenOfCashback_EarnNothing()
    {
        AtTokyo(2026, 11, 5, 12);
        var (moreRefundsHolder, moreRefunds) = await NewAccountAsync();
        await DepositAsync(moreRefundsHolder, 10_000);
        await PurchaseAsync(moreRefunds, 1_000);
        await RefundAsync(moreRefunds, 3_000);
        var (smallHolder, small) = await NewAccountAsync();
        await DepositAsync(smallHolder, 1_000);
        await PurchaseAsync(small, 99);
        var (spenderHolder, spender) = await NewAccountAsync();
        await DepositAsync(spenderHolder, 100_000);
        await PurchaseAsync(spender, 25_099);
        AtTokyo(2026, 12, 1, 9);

        var run = await RunJobAsync("cashback-credit"); // without a month: the Tokyo month before the run, November

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(await CashbackCountAsync(moreRefunds), Is.Zero, "net −2,000 earns nothing and is never a debit");
        Assert.That(await CashbackCountAsync(small), Is.Zero, "99 yen × 1% = 0.99 → 0");
        Assert.That(await ScalarAsync($"SELECT amount FROM ledger.transfers WHERE idempotency_key = 'cashback:{spender}:2026-11'"), Is.EqualTo(250));
        Assert.That((await Accounts.GetBalanceAsync(spenderHolder, CancellationToken.None))!.Posted, Is.EqualTo(100_000 - 25_099 + 250));
        var check = await RunJobAsync("ledger-check");
        Assert.That(check.ExitCode, Is.Zero, "the ledger still balances after the credits: " + check);
    }

    [Test, Order(3)]
    public async Task AMonthNotEnded_FailsAndCreditsNothing()
    {
        var before = await ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE code = {(short)TransferCode.Cashback}");

        var run = await RunJobAsync("cashback-credit", "month=2026-12");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.Contain("2026-12 has not ended"));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE code = {(short)TransferCode.Cashback}"), Is.EqualTo(before));
    }

    private async Task ClearAsync(string cardId, long amountMinor, bool credit)
    {
        var gateway = Host.Services.GetRequiredService<IAuthorizationLedgerGateway>();
        var result = await gateway.PostClearingAsync(new ClearingPosting(Key("clearing"), cardId, amountMinor, credit, null), CancellationToken.None);
        Assert.That(result.Status, Is.EqualTo(GatewayStatus.Applied));
    }

    private Task<long> CashbackCountAsync(long accountId) =>
        ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE credit_account_id = {accountId} AND code = {(short)TransferCode.Cashback}");
}
