using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// The record's bytes are the journal's storage format (read back by the projector after a restart), so
    /// every field's offset is pinned. ControlsBefore/After share bytes 224–415 with the hold, velocity and
    /// approval-sequence fields (a controls change has none of those; docs/engine.md "JournalRecord layout").
    /// </summary>
    [TestCase(nameof(JournalRecord.PartitionSequence), 0)]
    [TestCase(nameof(JournalRecord.Partition), 8)]
    [TestCase(nameof(JournalRecord.Kind), 12)]
    [TestCase(nameof(JournalRecord.RequestKind), 13)]
    [TestCase(nameof(JournalRecord.ResponseCode), 14)]
    [TestCase(nameof(JournalRecord.De3ProcessingCode), 15)]
    [TestCase(nameof(JournalRecord.Flags), 16)]
    [TestCase(nameof(JournalRecord.DecidedAtUtcTicks), 24)]
    [TestCase(nameof(JournalRecord.CardId), 32)]
    [TestCase(nameof(JournalRecord.AccountId), 40)]
    [TestCase(nameof(JournalRecord.CardKey), 48)]
    [TestCase(nameof(JournalRecord.Key), 64)]
    [TestCase(nameof(JournalRecord.OriginalKey), 88)]
    [TestCase(nameof(JournalRecord.De4AmountMinor), 112)]
    [TestCase(nameof(JournalRecord.De6BillingAmountMinor), 120)]
    [TestCase(nameof(JournalRecord.De49CurrencyCode), 128)]
    [TestCase(nameof(JournalRecord.De18Mcc), 130)]
    [TestCase(nameof(JournalRecord.De19CountryCode), 132)]
    [TestCase(nameof(JournalRecord.De22PosEntryMode), 134)]
    [TestCase(nameof(JournalRecord.De25PosConditionCode), 135)]
    [TestCase(nameof(JournalRecord.De37Rrn), 136)]
    [TestCase(nameof(JournalRecord.De43MerchantName), 148)]
    [TestCase(nameof(JournalRecord.ApprovalCode), 176)]
    [TestCase(nameof(JournalRecord.ApprovedAmountMinor), 184)]
    [TestCase(nameof(JournalRecord.ApprovedTransactionAmountMinor), 192)]
    [TestCase(nameof(JournalRecord.AvailableBalanceMinor), 200)]
    [TestCase(nameof(JournalRecord.PostedDeltaMinor), 208)]
    [TestCase(nameof(JournalRecord.HeldDeltaMinor), 216)]
    [TestCase(nameof(JournalRecord.HoldKey), 224)]
    [TestCase(nameof(JournalRecord.HoldBefore), 248)]
    [TestCase(nameof(JournalRecord.HoldAfter), 296)]
    [TestCase(nameof(JournalRecord.VelocityBefore), 344)]
    [TestCase(nameof(JournalRecord.VelocityAfter), 376)]
    [TestCase(nameof(JournalRecord.ApprovalSequenceBefore), 408)]
    [TestCase(nameof(JournalRecord.ApprovalSequenceAfter), 412)]
    [TestCase(nameof(JournalRecord.StatusBefore), 416)]
    [TestCase(nameof(JournalRecord.StatusAfter), 417)]
    [TestCase(nameof(JournalRecord.ControlsBefore), 224)]
    [TestCase(nameof(JournalRecord.ControlsAfter), 320)]
    public void JournalRecordField_IsAtItsPinnedOffset(string field, int offset)
    {
        Assert.That(Marshal.OffsetOf<JournalRecord>(field).ToInt32(), Is.EqualTo(offset));
    }

    [Test]
    public void ControlsBeforeAndAfter_ShareBytesOnlyWithTheHoldVelocityAndApprovalSequenceFields()
    {
        var controlsEnd = Marshal.OffsetOf<JournalRecord>(nameof(JournalRecord.ControlsAfter)).ToInt32() + Unsafe.SizeOf<CardControls>();
        Assert.That(controlsEnd, Is.EqualTo(Marshal.OffsetOf<JournalRecord>(nameof(JournalRecord.StatusBefore)).ToInt32()), "the statuses keep their own bytes");
        Assert.That(
            Marshal.OffsetOf<JournalRecord>(nameof(JournalRecord.ControlsBefore)).ToInt32(),
            Is.EqualTo(Marshal.OffsetOf<JournalRecord>(nameof(JournalRecord.HeldDeltaMinor)).ToInt32() + sizeof(long)),
            "the deltas (replayed for every record) keep their own bytes");
    }

    private const int JournalRecordSize = 432;
}
