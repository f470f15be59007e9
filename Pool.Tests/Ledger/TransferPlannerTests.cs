using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;

namespace Pool.Tests.Ledger;

/// <summary>Planner rules that a database test cannot reach deterministically.</summary>
[TestFixture]
public sealed class TransferPlannerTests
{
    [Test]
    public void PostOfAPendingWhoseAccountsTheBatchDidNotLock_IsRefusedWithPendingTransferNotFound()
    {
        // The pending transfer committed after the batch's lock statement, so it was read but its accounts were
        // not locked: the batch must not touch them.
        var accounts = new Dictionary<long, LedgerAccount> { [SystemAccounts.BankCash] = new(SystemAccounts.BankCash, AccountFlags.None, default) };
        var pending = new PendingTransfer(7, "hold", TransferKind.Pending, 1000, SystemAccounts.NetworkSettlement, 500, Resolution: null);
        var planner = new TransferPlanner(accounts, [], [pending], [1]);

        var outcomes = planner.Plan([TransferRequest.PostPending("post", "hold", 500, TransferCode.Purchase)]);

        Assert.That(outcomes[0], Is.EqualTo(new TransferOutcome(TransferResultCode.PendingTransferNotFound, 0)));
        Assert.That(planner.Created, Is.Empty);
    }

    [Test]
    public void UnknownFlags_AreABug_AndThrow()
    {
        var planner = new TransferPlanner(new Dictionary<long, LedgerAccount>(), [], [], [1]);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            planner.Plan([TransferRequest.Single("k", SystemAccounts.BankCash, SystemAccounts.Adjustments, 1, TransferCode.Adjustment, (TransferFlags)2)]));
    }
}
