using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;

namespace Pool.Tests.Cards;

/// <summary>Every (from, to) pair of admin-api.md §3's status changes.</summary>
public sealed class CardLifecycleTests
{
    // active ↔ frozen
    [TestCase(CardStatus.Active, CardStatus.Frozen, "Changed")]
    [TestCase(CardStatus.Frozen, CardStatus.Active, "Changed")]
    // active or frozen → lost or stolen
    [TestCase(CardStatus.Active, CardStatus.Lost, "Changed")]
    [TestCase(CardStatus.Active, CardStatus.Stolen, "Changed")]
    [TestCase(CardStatus.Frozen, CardStatus.Lost, "Changed")]
    [TestCase(CardStatus.Frozen, CardStatus.Stolen, "Changed")]
    // lost ↔ stolen
    [TestCase(CardStatus.Lost, CardStatus.Stolen, "Changed")]
    [TestCase(CardStatus.Stolen, CardStatus.Lost, "Changed")]
    // any → closed
    [TestCase(CardStatus.Active, CardStatus.Closed, "Changed")]
    [TestCase(CardStatus.Frozen, CardStatus.Closed, "Changed")]
    [TestCase(CardStatus.Lost, CardStatus.Closed, "Changed")]
    [TestCase(CardStatus.Stolen, CardStatus.Closed, "Changed")]
    // lost, stolen and closed never return to active (a replacement is a new card)
    [TestCase(CardStatus.Lost, CardStatus.Active, "Refused")]
    [TestCase(CardStatus.Stolen, CardStatus.Active, "Refused")]
    [TestCase(CardStatus.Closed, CardStatus.Active, "Refused")]
    // nor become frozen: the spec allows frozen only from active
    [TestCase(CardStatus.Lost, CardStatus.Frozen, "Refused")]
    [TestCase(CardStatus.Stolen, CardStatus.Frozen, "Refused")]
    [TestCase(CardStatus.Closed, CardStatus.Frozen, "Refused")]
    // nothing leaves closed
    [TestCase(CardStatus.Closed, CardStatus.Lost, "Refused")]
    [TestCase(CardStatus.Closed, CardStatus.Stolen, "Refused")]
    // the same status again changes nothing and is not an error (a retried request is harmless)
    [TestCase(CardStatus.Active, CardStatus.Active, "Unchanged")]
    [TestCase(CardStatus.Frozen, CardStatus.Frozen, "Unchanged")]
    [TestCase(CardStatus.Lost, CardStatus.Lost, "Unchanged")]
    [TestCase(CardStatus.Stolen, CardStatus.Stolen, "Unchanged")]
    [TestCase(CardStatus.Closed, CardStatus.Closed, "Unchanged")]
    public void StatusChange_FollowsTheSpecTable(CardStatus from, CardStatus to, string expected) =>
        Assert.That(CardLifecycle.Decide(from, to).ToString(), Is.EqualTo(expected));

    [Test]
    public void StatusChangeTable_CoversEveryPair()
    {
        var statuses = Enum.GetValues<CardStatus>();
        var rows = typeof(CardLifecycleTests).GetMethod(nameof(StatusChange_FollowsTheSpecTable))!
            .GetCustomAttributes(typeof(TestCaseAttribute), false).Cast<TestCaseAttribute>()
            .Select(row => ((CardStatus)row.Arguments[0]!, (CardStatus)row.Arguments[1]!))
            .ToHashSet();

        Assert.That(rows, Has.Count.EqualTo(statuses.Length * statuses.Length));
    }

    [TestCase(CardStatus.Lost, true)]
    [TestCase(CardStatus.Stolen, true)]
    [TestCase(CardStatus.Active, false)]
    [TestCase(CardStatus.Frozen, false)]
    [TestCase(CardStatus.Closed, false)]
    public void Replacement_IsOnlyForLostOrStolenCards(CardStatus status, bool replaceable) =>
        Assert.That(CardLifecycle.IsReplaceable(status), Is.EqualTo(replaceable));
}
