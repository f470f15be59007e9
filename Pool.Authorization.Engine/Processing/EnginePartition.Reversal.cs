using System.Runtime.CompilerServices;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class EnginePartition
{
    /// <summary>
    /// An 0400 or 0420 (spec §7–§8). DE90 (with DE2) names the authorization. A full reversal releases
    /// what is still held; a partial one (DE95) reduces the hold to the replacement amount, and a
    /// replacement at or above what is held changes nothing. Repeats are answered 00 and change nothing.
    /// An unknown original is answered 25. Card status and expiry do not apply: a reversal only gives back.
    /// </summary>
    private ResponseCode DecideReversal(in AuthorizationRequest request, int day, int month, ref JournalRecord record)
    {
        if (!_state.TryGetCardIndex(request.CardKey, out var cardIndex))
        {
            return ResponseCode.UnableToLocateOriginal;
        }

        ref var card = ref _state.Card(cardIndex);
        ref var account = ref _state.Account(card.AccountIndex);
        record.CardId = card.CardId;
        record.AccountId = account.AccountId;
        record.AvailableBalanceMinor = account.AvailableMinor;
        record.Flags |= JournalRecordFlags.AvailableBalanceRecorded;

        ref var slot = ref _tables.Holds.Find(request.OriginalKey);
        if (Unsafe.IsNullRef(ref slot) || slot.CardIndex != cardIndex)
        {
            // An approved 0100 that held nothing (refund, balance inquiry) or whose hold has cleared is
            // known: reversing it changes nothing. Anything else is unknown.
            return _tables.RecentAnswers.TryGet(new AnswerKey(RequestKind.Authorization, request.OriginalKey), out var original)
                && original.CardId == card.CardId
                && original.ResponseCode is ResponseCode.Approved or ResponseCode.PartialApproval
                ? ResponseCode.Approved
                : ResponseCode.UnableToLocateOriginal;
        }

        var hold = slot.Hold;
        var targetMinor = !request.HasDe95
            ? 0
            : hold.DecidedOnBillingAmount ? request.De95ReplacementBillingAmountMinor : request.De95ReplacementAmountMinor;
        if (targetMinor >= hold.AmountMinor)
        {
            return ResponseCode.Approved;
        }

        targetMinor = Math.Max(targetMinor, 0);
        var releaseMinor = hold.AmountMinor - targetMinor;
        var after = hold;
        after.AmountMinor = targetMinor;
        var velocity = card.Velocity.RolledTo(day, month);
        AdjustVelocity(in hold, -releaseMinor, ref velocity, day, month);
        if (targetMinor == 0 && hold.Counted)
        {
            after.Counted = false;
            velocity.DailyCount -= hold.DayNumber == day ? 1 : 0;
        }

        record.Flags |= JournalRecordFlags.HoldChanged | JournalRecordFlags.HoldExistedBefore | JournalRecordFlags.HoldExistsAfter
            | JournalRecordFlags.VelocityChanged;
        record.HoldKey = request.OriginalKey;
        record.HoldBefore = hold;
        record.HoldAfter = after;
        slot.Hold = after;
        record.VelocityBefore = card.Velocity;
        record.VelocityAfter = velocity;
        card.Velocity = velocity;
        account.HeldMinor -= releaseMinor;
        record.HeldDeltaMinor = -releaseMinor;
        record.AvailableBalanceMinor = account.AvailableMinor;
        CheckMoney(in account, forced: true);
        return ResponseCode.Approved;
    }
}
