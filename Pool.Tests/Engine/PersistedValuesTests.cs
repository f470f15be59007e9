using System.Runtime.CompilerServices;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>STYLE.md: persisted and wire enums have explicit, append-only values pinned by a test; the journal record is fixed size.</summary>
public sealed class PersistedValuesTests
{
    [Test]
    public void ResponseCodes_AreTheirDe39Digits()
    {
        var expected = new Dictionary<ResponseCode, int>
        {
            [ResponseCode.Approved] = 0, [ResponseCode.DoNotHonor] = 5, [ResponseCode.PartialApproval] = 10,
            [ResponseCode.InvalidTransaction] = 12, [ResponseCode.InvalidAmount] = 13, [ResponseCode.InvalidCardNumber] = 14,
            [ResponseCode.UnableToLocateOriginal] = 25, [ResponseCode.FormatError] = 30, [ResponseCode.LostCard] = 41,
            [ResponseCode.StolenCard] = 43, [ResponseCode.InsufficientFunds] = 51, [ResponseCode.ExpiredCard] = 54,
            [ResponseCode.NotPermitted] = 57, [ResponseCode.ExceedsAmountLimit] = 61, [ResponseCode.RestrictedCard] = 62,
            [ResponseCode.ExceedsFrequencyLimit] = 65, [ResponseCode.IssuerUnavailable] = 91, [ResponseCode.SystemMalfunction] = 96,
        };
        Assert.That(Enum.GetValues<ResponseCode>(), Has.Length.EqualTo(expected.Count));
        foreach (var (code, value) in expected)
        {
            Assert.That((int)code, Is.EqualTo(value), code.ToString());
        }
    }

    [Test]
    public void JournalRecordKinds_ArePinned()
    {
        int[] values = [.. Enum.GetValues<JournalRecordKind>().Select(k => (int)k)];
        Assert.That(values, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15 }));
    }

    [Test]
    public void RequestKinds_CardStatuses_AndCommandKinds_ArePinned()
    {
        Assert.That(Enum.GetValues<RequestKind>().Select(k => (int)k), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(Enum.GetValues<CardStatus>().Select(k => (int)k), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(Enum.GetValues<AccountCommandKind>().Select(k => (int)k), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That((int)JournalRecordFlags.Forced, Is.EqualTo(1 << 12));
    }

    [Test]
    public void JournalRecord_IsFixedSizeWithoutReferences()
    {
        Assert.That(RuntimeHelpers.IsReferenceOrContainsReferences<JournalRecord>(), Is.False);
        Assert.That(RuntimeHelpers.IsReferenceOrContainsReferences<AuthorizationRequest>(), Is.False);
        // Pinned so a layout change is a deliberate one (the PostgreSQL writer reads it field by field).
        Assert.That(Unsafe.SizeOf<JournalRecord>(), Is.EqualTo(JournalRecordSize));
    }

    private const int JournalRecordSize = 624;
}
