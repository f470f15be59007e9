using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>Single-phase transfers: the debits-must-not-exceed-credits limit, forced transfers, and refused requests.</summary>
[TestFixture]
public sealed class SingleTransferTests : LedgerFixture
{
    [Test]
    public async Task Deposit_CreditsTheAccount_FromBankCash()
    {
        var (cardholder, _) = await NewCardholderAsync();

        var outcome = await Accounts.DepositAsync(cardholder, 12_000, Key("deposit"), CancellationToken.None);

        Assert.That(outcome.Balance, Is.EqualTo(new CardholderBalance(12_000, 0, 12_000)));
        Assert.That(long.Parse(outcome.TransferId, System.Globalization.CultureInfo.InvariantCulture), Is.Positive);
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task UnforcedDebit_BeyondCredits_IsRefusedWithExceedsCredits_AndChangesNothing()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 1_000);

        var outcome = await CreateAsync(TransferRequest.Single(Key("purchase"), account, SystemAccounts.NetworkSettlement, 1_001, TransferCode.Purchase));

        Assert.That(outcome, Is.EqualTo(new TransferOutcome(TransferResultCode.ExceedsCredits, 0)));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(1_000, 0, 1_000)));
    }

    [Test]
    public async Task UnforcedDebit_OfExactlyAvailable_IsCreated()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 1_000);

        var outcome = await CreateAsync(TransferRequest.Single(Key("purchase"), account, SystemAccounts.NetworkSettlement, 1_000, TransferCode.Purchase));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(0, 0, 0)));
    }

    [Test]
    public async Task ForcedDebit_MayOverdrawADepositAccount()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 1_000);

        var outcome = await CreateAsync(TransferRequest.Single(Key("advice"), account, SystemAccounts.NetworkSettlement, 1_500, TransferCode.Purchase, TransferFlags.Forced));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(-500, 0, -500)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task AfterAForcedOverdraft_UnforcedDebits_AreRefusedUntilCreditsCoverThem()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 1_000);
        await CreateAsync(TransferRequest.Single(Key("advice"), account, SystemAccounts.NetworkSettlement, 1_500, TransferCode.Purchase, TransferFlags.Forced));

        var refused = await CreateAsync(TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 1, TransferCode.AuthorizationHold));
        await CreateAsync(TransferRequest.Single(Key("deposit"), SystemAccounts.BankCash, account, 501, TransferCode.Deposit));
        var accepted = await CreateAsync(TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 1, TransferCode.AuthorizationHold));

        Assert.That(refused.Result, Is.EqualTo(TransferResultCode.ExceedsCredits));
        Assert.That(accepted.Result, Is.EqualTo(TransferResultCode.Ok));
    }

    [Test]
    public async Task SystemAccounts_HaveNoLimit()
    {
        var outcome = await CreateAsync(TransferRequest.Single(Key("settle"), SystemAccounts.NetworkSettlement, SystemAccounts.BankCash, 5_000, TransferCode.NetworkSettlement));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.Ok));
    }

    // Each case is a request the ledger must refuse with exactly that code, changing nothing.
    [TestCase(0L, TransferResultCode.AmountOutOfRange, TestName = "Single_WithAmountZero_IsRefusedWithAmountOutOfRange")]
    [TestCase(-1L, TransferResultCode.AmountOutOfRange, TestName = "Single_WithNegativeAmount_IsRefusedWithAmountOutOfRange")]
    [TestCase(1_000_000_000_000L, TransferResultCode.AmountOutOfRange, TestName = "Single_AboveTwelveDigits_IsRefusedWithAmountOutOfRange")]
    public async Task Single_WithAnAmountOutOfRange_IsRefused(long amountMinor, TransferResultCode expected)
    {
        var outcome = await CreateAsync(TransferRequest.Single(Key("bad"), SystemAccounts.BankCash, SystemAccounts.Adjustments, amountMinor, TransferCode.Adjustment));

        Assert.That(outcome.Result, Is.EqualTo(expected));
    }

    [Test]
    public async Task Single_OfTwelveDigits_IsCreated()
    {
        var outcome = await CreateAsync(TransferRequest.Single(Key("max"), SystemAccounts.BankCash, SystemAccounts.Adjustments, LedgerLimits.TransferAmountMinorMax, TransferCode.Adjustment));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.Ok));
    }

    [Test]
    public async Task Single_ToTheSameAccount_IsRefusedWithAccountsMustBeDifferent()
    {
        var outcome = await CreateAsync(TransferRequest.Single(Key("self"), SystemAccounts.BankCash, SystemAccounts.BankCash, 1, TransferCode.Adjustment));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.AccountsMustBeDifferent));
    }

    [Test]
    public async Task Single_ToAnUnknownAccount_IsRefusedWithAccountNotFound()
    {
        var outcome = await CreateAsync(TransferRequest.Single(Key("nowhere"), SystemAccounts.BankCash, 999_999_999, 1, TransferCode.Adjustment));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.AccountNotFound));
    }

    [TestCase("", TestName = "Single_WithAnEmptyKey_IsRefusedWithIdempotencyKeyInvalid")]
    [TestCase(null, TestName = "Single_WithANullKey_IsRefusedWithIdempotencyKeyInvalid")]
    public async Task Single_WithAnInvalidKey_IsRefused(string? key)
    {
        var outcome = await CreateAsync(TransferRequest.Single(key!, SystemAccounts.BankCash, SystemAccounts.Adjustments, 1, TransferCode.Adjustment));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.IdempotencyKeyInvalid));
    }

    [Test]
    public async Task Single_WithAKeyTooLong_IsRefusedWithIdempotencyKeyInvalid()
    {
        var outcome = await CreateAsync(TransferRequest.Single(new string('k', LedgerLimits.IdempotencyKeyLengthMax + 1), SystemAccounts.BankCash, SystemAccounts.Adjustments, 1, TransferCode.Adjustment));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.IdempotencyKeyInvalid));
    }

    [Test]
    public async Task Single_WithAReferenceTooLong_IsRefusedWithReferenceTooLong()
    {
        var outcome = await CreateAsync(TransferRequest.Single(Key("ref"), SystemAccounts.BankCash, SystemAccounts.Adjustments, 1, TransferCode.Adjustment, reference: new string('r', LedgerLimits.ReferenceLengthMax + 1)));

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.ReferenceTooLong));
    }

    [Test]
    public void Single_WithAnUnknownCode_IsABug_AndThrows()
    {
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            CreateAsync(TransferRequest.Single(Key("code"), SystemAccounts.BankCash, SystemAccounts.Adjustments, 1, (TransferCode)999)));
    }

    [Test]
    public async Task RefusedTransfers_InABatch_DoNotStopTheOthers()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 1_000);

        var outcomes = await CreateBatchAsync(
        [
            TransferRequest.Single(Key("a"), account, SystemAccounts.NetworkSettlement, 600, TransferCode.Purchase),
            TransferRequest.Single(Key("b"), account, SystemAccounts.NetworkSettlement, 600, TransferCode.Purchase),
            TransferRequest.Single(Key("c"), account, SystemAccounts.NetworkSettlement, 400, TransferCode.Purchase),
        ]);

        Assert.That(outcomes.Select(o => o.Result), Is.EqualTo(new[] { TransferResultCode.Ok, TransferResultCode.ExceedsCredits, TransferResultCode.Ok }));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(0, 0, 0)));
    }

    [Test]
    public async Task OpenDepositAccount_Twice_ReturnsTheSameAccount()
    {
        var (cardholder, account) = await NewCardholderAsync();

        var again = await Accounts.OpenDepositAccountAsync(cardholder, CancellationToken.None);
        var found = await Accounts.FindDepositAccountAsync(cardholder, CancellationToken.None);

        Assert.That(again, Is.EqualTo(account));
        Assert.That(found, Is.EqualTo(account));
        Assert.That(account, Is.GreaterThanOrEqualTo(SystemAccounts.FirstDepositAccountId));
    }

    [Test]
    public async Task Withdraw_BeyondAvailable_IsRefusedWithExceedsCredits()
    {
        var (cardholder, _) = await NewCardholderAsync(depositMinor: 1_000);

        var outcome = await Accounts.WithdrawAsync(cardholder, 1_001, Key("withdraw"), CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TransferResultCode.ExceedsCredits));
        Assert.That(outcome.TransferId, Is.Null);
        Assert.That(outcome.Balance, Is.EqualTo(new CardholderBalance(1_000, 0, 1_000)));
    }

    [Test]
    public async Task Deposit_ForACardholderWithoutAccount_IsRefusedWithAccountNotFound()
    {
        var refused = Assert.ThrowsAsync<LedgerRefusedException>(() => Accounts.DepositAsync("ch_nobody", 100, Key("deposit"), CancellationToken.None));

        Assert.That(refused!.Result, Is.EqualTo(TransferResultCode.AccountNotFound));
        Assert.That(await Accounts.GetBalanceAsync("ch_nobody", CancellationToken.None), Is.Null);
    }
}
