using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;

namespace Pool.Tests.Cards;

/// <summary>The persisted numbers and wire names of card statuses never change (append only).</summary>
public sealed class CardStatusTests
{
    [TestCase(CardStatus.Active, 1, "active")]
    [TestCase(CardStatus.Frozen, 2, "frozen")]
    [TestCase(CardStatus.Lost, 3, "lost")]
    [TestCase(CardStatus.Stolen, 4, "stolen")]
    [TestCase(CardStatus.Closed, 5, "closed")]
    public void CardStatus_HasItsPinnedNumberAndWireName(CardStatus status, int persisted, string wire)
    {
        Assert.That((int)status, Is.EqualTo(persisted));
        Assert.That(CardStatusNames.ToWire(status), Is.EqualTo(wire));
        Assert.That(CardStatusNames.TryParse(wire, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(status));
    }

    [Test]
    public void CardStatus_HasExactlyThePinnedMembers() =>
        Assert.That(Enum.GetValues<CardStatus>(), Has.Length.EqualTo(5));

    [TestCase("Active")]
    [TestCase("ACTIVE")]
    [TestCase("blocked")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("1")]
    public void StatusName_NotInTheSpec_IsNotParsed(string? value) =>
        Assert.That(CardStatusNames.TryParse(value, out _), Is.False);
}
