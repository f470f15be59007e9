using CsCheck;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;

namespace Pool.Tests.Ledger;

/// <summary>
/// The planner alone (no database), over random sequences of every kind of request: the invariants hold
/// for whatever it accepts. Fast, so it runs thousands of sequences; CsCheck shrinks a failure to a small one.
/// </summary>
[TestFixture]
public sealed class TransferPlannerPropertyTests
{
    private const int DepositAccounts = 3;
    private const long FirstDeposit = SystemAccounts.FirstDepositAccountId;

    // (operation, account index, amount, hold index, forced)
    private static readonly Gen<(int, int, long, int, bool)[]> Sequences =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, DepositAccounts - 1], Gen.Long[0, 3_000], Gen.Int[0, 40], Gen.Bool).Array[1, 80];

    [Test]
    public void AnySequence_KeepsZeroSum_LimitsUnlessForced_AndBalancesEqualTheCreatedTransfers()
    {
        Sequences.Sample(operations =>
        {
            var accounts = NewAccounts();
            var requests = ToRequests(operations);
            var planner = new TransferPlanner(accounts, [], [], Enumerable.Range(1, requests.Count).Select(i => (long)i).ToArray());

            var outcomes = planner.Plan(requests);

            Assert.That(outcomes, Has.Length.EqualTo(requests.Count));
            Assert.That(accounts.Values.Sum(a => a.Current.DebitsPosted - a.Current.CreditsPosted), Is.Zero, "posted zero-sum");
            Assert.That(accounts.Values.Sum(a => a.Current.DebitsPending - a.Current.CreditsPending), Is.Zero, "pending zero-sum");
            AssertBalancesEqualReplay(accounts, planner.Created);
            AssertEachPendingResolvedAtMostOnce(planner.Created);
            var forcedDebits = planner.Created.Where(t => (t.Flags & TransferFlags.Forced) != 0).Select(t => t.DebitAccountId).ToHashSet();
            foreach (var account in accounts.Values.Where(a => a.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits) && !forcedDebits.Contains(a.Id)))
            {
                Assert.That(account.Current.DebitsPending + account.Current.DebitsPosted, Is.LessThanOrEqualTo(account.Current.CreditsPosted), $"account {account.Id} beyond its credits");
            }
        }, iter: 2_000);
    }

    private static Dictionary<long, LedgerAccount> NewAccounts()
    {
        var accounts = new Dictionary<long, LedgerAccount>();
        foreach (var id in new[] { SystemAccounts.BankCash, SystemAccounts.NetworkSettlement })
        {
            accounts[id] = new LedgerAccount(id, AccountFlags.None, default);
        }

        for (var i = 0; i < DepositAccounts; i++)
        {
            accounts[FirstDeposit + i] = new LedgerAccount(FirstDeposit + i, AccountFlags.DebitsMustNotExceedCredits, default);
        }

        return accounts;
    }

    private static List<TransferRequest> ToRequests((int, int, long, int, bool)[] operations)
    {
        var requests = new List<TransferRequest>();
        for (var i = 0; i < operations.Length; i++)
        {
            var (operation, accountIndex, amount, holdIndex, forced) = operations[i];
            var account = FirstDeposit + accountIndex;
            var flags = forced ? TransferFlags.Forced : TransferFlags.None;
            var hold = $"hold-{holdIndex}";
            requests.Add(operation switch
            {
                0 => TransferRequest.Single($"k{i}", SystemAccounts.BankCash, account, amount, TransferCode.Deposit),
                1 => TransferRequest.Single($"k{i}", account, SystemAccounts.BankCash, amount, TransferCode.Withdrawal, flags),
                2 => TransferRequest.Pending(hold, account, SystemAccounts.NetworkSettlement, amount, TransferCode.AuthorizationHold, flags),
                3 => TransferRequest.PostPending($"k{i}", hold, amount, TransferCode.Purchase),
                4 => TransferRequest.VoidPending($"k{i}", hold, TransferCode.HoldRelease),
                5 => TransferRequest.Single($"k{i}", account, SystemAccounts.NetworkSettlement, amount, TransferCode.Purchase, flags),
                // A repeat of an earlier key, possibly with other content.
                6 => TransferRequest.Single($"k{holdIndex % (i + 1)}", SystemAccounts.BankCash, account, amount, TransferCode.Deposit),
                _ => TransferRequest.Single($"k{i}", SystemAccounts.NetworkSettlement, account, amount, TransferCode.Refund),
            });
        }

        return requests;
    }

    private static void AssertBalancesEqualReplay(Dictionary<long, LedgerAccount> accounts, List<StoredTransfer> created)
    {
        var replay = accounts.Keys.ToDictionary(id => id, _ => new long[4]);
        var pendings = created.Where(t => t.Kind == TransferKind.Pending).ToDictionary(t => t.Id);
        var resolved = created.Where(t => t.PendingId is not null).Select(t => t.PendingId!.Value).ToHashSet();
        foreach (var t in created)
        {
            switch (t.Kind)
            {
                case TransferKind.Pending when !resolved.Contains(t.Id):
                    replay[t.DebitAccountId][0] += t.AmountMinor;
                    replay[t.CreditAccountId][2] += t.AmountMinor;
                    break;
                case TransferKind.Single or TransferKind.PostPending:
                    replay[t.DebitAccountId][1] += t.AmountMinor;
                    replay[t.CreditAccountId][3] += t.AmountMinor;
                    break;
            }

            if (t.Kind == TransferKind.PostPending)
            {
                Assert.That(t.AmountMinor, Is.LessThanOrEqualTo(pendings[t.PendingId!.Value].AmountMinor), "a post above its pending amount");
            }
        }

        foreach (var (id, account) in accounts)
        {
            var b = account.Current;
            Assert.That(new[] { b.DebitsPending, b.DebitsPosted, b.CreditsPending, b.CreditsPosted }, Is.EqualTo(replay[id]), $"account {id}");
        }
    }

    private static void AssertEachPendingResolvedAtMostOnce(List<StoredTransfer> created) =>
        Assert.That(created.Where(t => t.PendingId is not null).GroupBy(t => t.PendingId).Where(g => g.Count() > 1), Is.Empty);
}
