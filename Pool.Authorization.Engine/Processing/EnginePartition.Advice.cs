using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class EnginePartition
{
    /// <summary>
    /// An 0120 (spec §7): recorded whatever Pool's rules say and acknowledged 00. An approved advice
    /// (DE39 00 or 10) holds its amount even below zero available; when an earlier decision holds the same
    /// key, the advice replaces it (the hold becomes the advice's amount, or is released by a declined
    /// advice). Only a full hold table refuses it (91: the network repeats it, spec §7).
    /// </summary>
    private ResponseCode RecordAdvice(in AuthorizationRequest request, int day, int month, ref JournalRecord record)
    {
        record.Flags |= JournalRecordFlags.Forced;
        if (!request.PanLuhnValid || !_state.TryGetCardIndex(request.CardKey, out var cardIndex))
        {
            // No card to hold against: the advice is logged and acknowledged so the network stops repeating it.
            return ResponseCode.Approved;
        }

        ref var card = ref _state.Card(cardIndex);
        ref var account = ref _state.Account(card.AccountIndex);
        record.CardId = card.CardId;
        record.AccountId = account.AccountId;
        record.AvailableBalanceMinor = account.AvailableMinor;
        record.Flags |= JournalRecordFlags.AvailableBalanceRecorded;
        if (request.De3ProcessingCode is not (ProcessingCode.Purchase or ProcessingCode.Cash))
        {
            // Refunds and balance inquiries never hold (spec §5); the advice is only logged.
            return ResponseCode.Approved;
        }

        var approvedByNetwork = request.AdviceResponseCode is ResponseCode.Approved or ResponseCode.PartialApproval;
        var amountMinor = approvedByNetwork ? Math.Clamp(request.DecisionAmountMinor, 0, AmountMaxMinor) : 0;
        var holdSlot = _tables.Holds.Probe(request.Key, out var holdExists);
        var velocity = card.Velocity.RolledTo(day, month);
        if (holdExists)
        {
            ref var slot = ref _tables.Holds[holdSlot];
            var hold = slot.Hold;
            if (hold.CardIndex != cardIndex)
            {
                // The same key on another card is not the same transaction: log only.
                return ResponseCode.Approved;
            }

            var after = hold;
            after.AmountMinor = amountMinor;
            if (approvedByNetwork)
            {
                after.ApprovalCode = request.AdviceApprovalCode;
            }

            var deltaMinor = amountMinor - hold.AmountMinor;
            AdjustVelocity(in hold, deltaMinor, ref velocity, day, month);
            if (hold.Counted && amountMinor == 0)
            {
                after.Counted = false;
                velocity.DailyCount -= hold.DayNumber == day ? 1 : 0;
            }
            else if (!hold.Counted && amountMinor > 0)
            {
                after.Counted = true;
                velocity.DailyCount += hold.DayNumber == day ? 1 : 0;
            }

            record.Flags |= JournalRecordFlags.HoldChanged | JournalRecordFlags.HoldExistedBefore | JournalRecordFlags.HoldExistsAfter;
            record.HoldKey = request.Key;
            record.HoldBefore = hold;
            record.HoldAfter = after;
            slot.Hold = after;
            account.HeldMinor += deltaMinor;
            record.HeldDeltaMinor = deltaMinor;
        }
        else if (amountMinor > 0)
        {
            if (_tables.Holds.Count >= _tables.HoldsMax)
            {
                return ResponseCode.IssuerUnavailable;
            }

            var placed = new HoldState
            {
                CardId = card.CardId,
                CardIndex = cardIndex,
                AmountMinor = amountMinor,
                DayNumber = day,
                MonthNumber = month,
                ApprovalCode = request.AdviceApprovalCode,
                DecidedOnBillingAmount = request.HasDe6,
                Counted = true,
            };
            _tables.Holds.Insert(holdSlot, request.Key, in placed);
            velocity.DailyAmountMinor += amountMinor;
            velocity.MonthlyAmountMinor += amountMinor;
            velocity.DailyCount++;
            record.Flags |= JournalRecordFlags.HoldChanged | JournalRecordFlags.HoldExistsAfter;
            record.HoldKey = request.Key;
            record.HoldAfter = placed;
            account.HeldMinor += amountMinor;
            record.HeldDeltaMinor = amountMinor;
        }
        else
        {
            // A declined advice with nothing held before changes nothing.
            return ResponseCode.Approved;
        }

        record.Flags |= JournalRecordFlags.VelocityChanged;
        record.VelocityBefore = card.Velocity;
        record.VelocityAfter = velocity;
        card.Velocity = velocity;
        record.AvailableBalanceMinor = account.AvailableMinor;
        CheckMoney(in account, forced: true);
        return ResponseCode.Approved;
    }

    /// <summary>
    /// Velocity is net of reversals (spec §5): a change to a hold moves the counters of the day and month
    /// the hold was counted in, when those are still the current ones; older windows are closed.
    /// </summary>
    private static void AdjustVelocity(in HoldState hold, long deltaMinor, ref CardVelocity velocity, int day, int month)
    {
        if (hold.DayNumber == day)
        {
            velocity.DailyAmountMinor += deltaMinor;
        }

        if (hold.MonthNumber == month)
        {
            velocity.MonthlyAmountMinor += deltaMinor;
        }

        Debug.Assert(velocity.DailyAmountMinor >= 0, "the daily amount nets to zero at least");
        Debug.Assert(velocity.MonthlyAmountMinor >= 0, "the monthly amount nets to zero at least");
    }
}
