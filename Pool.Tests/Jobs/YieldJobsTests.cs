using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Jobs;

/// <summary>
/// yield-accrual and yield-credit (ARCHITECTURE §3, docs/jobs.md): 1%/365 a day on the END-OF-DAY posted balance in
/// Tokyo, never on a balance at or below zero, one accrual per account and day; the month's accrual credited once,
/// rounded down to the yen, the remainder carried into the next month, through the engine.
/// </summary>
[TestFixture]
public sealed class YieldJobsTests : ProductJobsFixture
{
    private long _cardAccount;

    [Test, Order(1)]
    public async Task Accrual_CountsATransferAt2330Utc_InTheNextTokyoDay()
    {
        var (cardholderId, accountId) = await NewAccountAsync();
        AtTokyo(2026, 10, 1, 19);
        await DepositAsync(cardholderId, 100_000);
        AtUtc(2026, 10, 1, 23, 30); // 08:30 on 2 October in Tokyo
        await DepositAsync(cardholderId, 265_000);
        AtTokyo(2026, 10, 3, 10);

        var first = await RunJobAsync("yield-accrual", "date=2026-10-01");
        var second = await RunJobAsync("yield-accrual", "date=2026-10-02");

        Assert.That((first.ExitCode, second.ExitCode), Is.EqualTo((0, 0)), $"{first} / {second}");
        Assert.That(await BalanceAsync(accountId, "2026-10-01"), Is.EqualTo(100_000), "the 23:30 UTC deposit is 2 October's in Tokyo");
        Assert.That(await BalanceAsync(accountId, "2026-10-02"), Is.EqualTo(365_000));
        Assert.That(await AccruedPicoYenAsync(accountId, "2026-10-01"), Is.EqualTo(2_739_726_027_397), "100,000 / 36,500 = 2.739726027397… yen, kept below the yen");
        Assert.That(await AccruedPicoYenAsync(accountId, "2026-10-02"), Is.EqualTo(10_000_000_000_000), "365,000 / 36,500 = 10 yen");
        Assert.That(second.Output, Does.Contain("2026-10-02:"));
    }

    [Test, Order(2)]
    public async Task Accrual_OnABalanceAtOrBelowZero_RecordsNothing()
    {
        AtTokyo(2026, 10, 4, 12);
        var (negativeHolder, negative) = await NewAccountAsync();
        await DepositAsync(negativeHolder, 1_000);
        await PurchaseAsync(negative, 5_000);
        var (_, empty) = await NewAccountAsync();
        var (smallHolder, small) = await NewAccountAsync();
        await DepositAsync(smallHolder, 10);
        AtTokyo(2026, 10, 5, 10);

        var run = await RunJobAsync("yield-accrual", "date=2026-10-04");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(await RowsAsync(negative), Is.Zero, "-4,000 yen accrues nothing (and owes nothing)");
        Assert.That(await RowsAsync(empty), Is.Zero);
        Assert.That(await BalanceAsync(small, "2026-10-04"), Is.EqualTo(10));
        Assert.That(run.Output, Does.Contain("1 negative skipped"));
    }

    [Test, Order(3)]
    public async Task Accrual_RunTwiceAndLate_KeepsOneRowWithThatDaysBalance()
    {
        AtTokyo(2026, 10, 6, 12);
        var (cardholderId, accountId) = await NewAccountAsync();
        await DepositAsync(cardholderId, 36_500);
        AtTokyo(2026, 10, 7, 9);
        await DepositAsync(cardholderId, 1_000_000);
        AtTokyo(2026, 10, 8, 9);

        var first = await RunJobAsync("yield-accrual", "date=2026-10-06");
        var again = await RunJobAsync("yield-accrual", "date=2026-10-06");

        Assert.That((first.ExitCode, again.ExitCode), Is.EqualTo((0, 0)));
        Assert.That(await RowsAsync(accountId), Is.EqualTo(1));
        Assert.That(await BalanceAsync(accountId, "2026-10-06"), Is.EqualTo(36_500), "a late run reads the balance at that day's end, not now");
        Assert.That(await AccruedPicoYenAsync(accountId, "2026-10-06"), Is.EqualTo(1_000_000_000_000));
        Assert.That(await ScalarAsync("SELECT count(*) FROM ledger.yield_accrual_days WHERE business_date = '2026-10-06'"), Is.EqualTo(1));
    }

    [Test, Order(4)]
    public async Task Credit_FloorsTheMonthsYield_ThroughTheEngine_OncePerMonth()
    {
        // Deposited at 00:00 on 1 November in Tokyo: 30 days of November on each balance.
        AtUtc(2026, 10, 31, 15);
        var card = await Harness.NewCardAsync(depositMinor: 12_000);
        var cardAccount = _cardAccount = (await Accounts.FindDepositAccountAsync(card.CardholderId, CancellationToken.None))!.Value;
        var (largeHolder, large) = await NewAccountAsync();
        await DepositAsync(largeHolder, 1_000_000);
        AtTokyo(2026, 12, 1, 10);

        var accrual = await RunJobAsync("yield-accrual");
        var credit = await RunJobAsync("yield-credit", "month=2026-11");
        var repeat = await RunJobAsync("yield-credit", "month=2026-11");

        Assert.That((accrual.ExitCode, credit.ExitCode, repeat.ExitCode), Is.EqualTo((0, 0, 0)), $"{accrual} / {credit} / {repeat}");
        Assert.That(accrual.Output, Does.Contain("2026-10-31:").And.Contain("2026-11-30:"), "a run without a date catches up the missed days, at most 31");
        Assert.That(await RowsAsync(cardAccount), Is.EqualTo(30));
        Assert.That(await YieldCreditsAsync(cardAccount), Is.EqualTo((1L, 9L)), "12,000 × 30 / 36,500 = 9.86 → 9 yen");
        Assert.That(await YieldCreditsAsync(large), Is.EqualTo((1L, 821L)), "1,000,000 × 30 / 36,500 = 821.92 → 821 yen");
        Assert.That(await ScalarAsync($"SELECT debit_account_id FROM ledger.transfers WHERE idempotency_key = 'yield:{large}:2026-11'"), Is.EqualTo(SystemAccounts.YieldExpense));
        Assert.That(repeat.Output, Does.Contain("credited 0 yen"));
        Assert.That(Harness.Engine.State.TryGetBalance(cardAccount, out var posted, out _), Is.True);
        Assert.That(posted, Is.EqualTo(12_009), "the engine's balance includes the credit at once");
        Assert.That((await Accounts.GetBalanceAsync(card.CardholderId, CancellationToken.None))!.Posted, Is.EqualTo(12_009));
    }

    [Test, Order(5)]
    public async Task Credit_CarriesTheSubYenRemainder_IntoTheNextMonth()
    {
        AtTokyo(2027, 1, 1, 10);

        var accrual = await RunJobAsync("yield-accrual");
        var credit = await RunJobAsync("yield-credit", "month=2026-12");

        Assert.That((accrual.ExitCode, credit.ExitCode), Is.EqualTo((0, 0)), $"{accrual} / {credit}");
        var card = _cardAccount;
        // November 360,000 + December 12,009 × 31 = 732,279 balance-days: 20.06 yen in all, 9 paid → 11
        // (without the carried 0.86 December alone would be 10.20 → 10).
        Assert.That(await YieldCreditsAsync(card), Is.EqualTo((2L, 20L)));
        Assert.That(await ScalarAsync($"SELECT amount FROM ledger.transfers WHERE idempotency_key = 'yield:{card}:2026-12'"), Is.EqualTo(11));
        var check = await RunJobAsync("ledger-check");
        Assert.That(check.ExitCode, Is.Zero, "the ledger still balances after the credits: " + check);
    }

    [Test, Order(6)]
    public async Task Credit_OfAMonthNotEndedOrNotFullyAccrued_FailsAndCreditsNothing()
    {
        AtTokyo(2027, 2, 1, 10);
        var before = await ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE code = {(short)TransferCode.Yield}");

        var notAccrued = await RunJobAsync("yield-credit", "month=2027-01");
        var notEnded = await RunJobAsync("yield-credit", "month=2027-02");
        var today = await RunJobAsync("yield-accrual", "date=2027-02-01");
        var badMonth = await RunJobAsync("yield-credit", "month=2027-13");

        Assert.That(notAccrued.ExitCode, Is.EqualTo(1));
        Assert.That(notAccrued.Error, Does.Contain("2027-01-31").And.Contain("not accrued"));
        Assert.That(notEnded.ExitCode, Is.EqualTo(1));
        Assert.That(notEnded.Error, Does.Contain("has not ended"));
        Assert.That(today.ExitCode, Is.EqualTo(1));
        Assert.That(today.Error, Does.Contain("has not ended"));
        Assert.That(badMonth.ExitCode, Is.EqualTo(1));
        Assert.That(badMonth.Error, Does.Contain("month '2027-13'"));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE code = {(short)TransferCode.Yield}"), Is.EqualTo(before));
    }

    private Task<long> BalanceAsync(long accountId, string day) =>
        ScalarAsync($"SELECT coalesce((SELECT balance_minor FROM ledger.yield_accruals WHERE account_id = {accountId} AND business_date = '{day}'), -1)");

    private Task<long> AccruedPicoYenAsync(long accountId, string day) =>
        ScalarAsync($"SELECT (accrued_minor * 1000000000000)::bigint FROM ledger.yield_accruals WHERE account_id = {accountId} AND business_date = '{day}'");

    private Task<long> RowsAsync(long accountId) => ScalarAsync($"SELECT count(*) FROM ledger.yield_accruals WHERE account_id = {accountId}");

    private async Task<(long Count, long Minor)> YieldCreditsAsync(long accountId) =>
        (await ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE credit_account_id = {accountId} AND code = {(short)TransferCode.Yield}"),
         await ScalarAsync($"SELECT coalesce(sum(amount), 0) FROM ledger.transfers WHERE credit_account_id = {accountId} AND code = {(short)TransferCode.Yield}"));
}
