using Dapper;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;

namespace Pool.Tests.Ledger;

/// <summary>Persisted and stored values never change meaning: each enum's values are pinned here.</summary>
[TestFixture]
public sealed class LedgerEnumTests : LedgerFixture
{
    [Test]
    public void TransferKind_ValuesArePinned() =>
        Assert.That(Pairs<TransferKind>(), Is.EqualTo("Single=1 Pending=2 PostPending=3 VoidPending=4"));

    [Test]
    public void TransferFlags_ValuesArePinned() =>
        Assert.That(Pairs<TransferFlags>(), Is.EqualTo("None=0 Forced=1"));

    [Test]
    public void TransferCode_ValuesArePinned() =>
        Assert.That(Pairs<TransferCode>(), Is.EqualTo(
            "Deposit=1 Withdrawal=2 AuthorizationHold=3 Purchase=4 Refund=5 Yield=6 Cashback=7 Chargeback=8 Adjustment=9 NetworkSettlement=10 HoldRelease=11"));

    [Test]
    public void TransferResultCode_ValuesArePinned() =>
        Assert.That(Pairs<TransferResultCode>(), Is.EqualTo(
            "Ok=0 Exists=1 ExistsWithDifferentContent=2 ExceedsCredits=3 PendingTransferNotFound=4 PendingTransferAlreadyPosted=5 "
            + "PendingTransferAlreadyVoided=6 AmountExceedsPending=7 AccountNotFound=8 AccountsMustBeDifferent=9 AmountOutOfRange=10 "
            + "IdempotencyKeyInvalid=11 ReferenceTooLong=12 PendingTransferRequired=13 PendingTransferNotAllowed=14 AccountsDifferFromPending=15 "
            + "PendingTransferNotPending=16 ExceedsDebits=17 Overflow=18"));

    [Test]
    public void AccountKind_ValuesArePinned() =>
        Assert.That(Pairs<AccountKind>(), Is.EqualTo(
            "BankCash=1 NetworkSettlement=2 YieldExpense=3 CashbackExpense=4 DisputesSuspense=5 YieldPayable=6 Adjustments=7 CardholderDeposit=100"));

    [Test]
    public void AccountFlags_ValuesArePinned() =>
        Assert.That(Pairs<AccountFlags>(), Is.EqualTo("None=0 DebitsMustNotExceedCredits=1 CreditsMustNotExceedDebits=2"));

    [Test]
    public async Task SystemAccounts_ExistWithTheirFixedIds_AndTheirKindAsId()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(long Id, short Kind, int Flags)>("SELECT id, kind, flags FROM ledger.accounts WHERE cardholder_id IS NULL ORDER BY id")).ToList();

        var expected = new[]
        {
            (SystemAccounts.BankCash, AccountKind.BankCash),
            (SystemAccounts.NetworkSettlement, AccountKind.NetworkSettlement),
            (SystemAccounts.YieldExpense, AccountKind.YieldExpense),
            (SystemAccounts.CashbackExpense, AccountKind.CashbackExpense),
            (SystemAccounts.DisputesSuspense, AccountKind.DisputesSuspense),
            (SystemAccounts.YieldPayable, AccountKind.YieldPayable),
            (SystemAccounts.Adjustments, AccountKind.Adjustments),
        };
        Assert.That(rows.Select(r => (r.Id, (AccountKind)r.Kind)), Is.EqualTo(expected));
        Assert.That(rows.Select(r => r.Flags), Is.All.Zero);
    }

    private static string Pairs<T>()
        where T : struct, Enum =>
        string.Join(" ", Enum.GetValues<T>().Select(v => $"{v}={Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)}"));
}
