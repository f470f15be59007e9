using System.Diagnostics;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;
using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class EnginePartition
{
    /// <summary>
    /// An 0100 (spec §5–§6). Checks run in the spec's precedence order — 12, 14, 54, 41/43/62, 13, 57,
    /// 61, 65, 51/10 — and the first that applies is the answer; nothing changes on a decline.
    /// </summary>
    private ResponseCode DecideAuthorization(in AuthorizationRequest request, int day, int month, ref JournalRecord record)
    {
        var processingCode = request.De3ProcessingCode;
        if (processingCode is not (ProcessingCode.Purchase or ProcessingCode.Cash or ProcessingCode.Refund or ProcessingCode.BalanceInquiry))
        {
            return ResponseCode.InvalidTransaction;
        }

        if (!request.PanLuhnValid || !_state.TryGetCardIndex(request.CardKey, out var cardIndex))
        {
            return ResponseCode.InvalidCardNumber;
        }

        ref var card = ref _state.Card(cardIndex);
        ref var account = ref _state.Account(card.AccountIndex);
        Debug.Assert(_state.PartitionOfAccount(card.AccountIndex) == Index, "a request is decided on its account's partition");
        record.CardId = card.CardId;
        record.AccountId = account.AccountId;

        // What the decision is taken against, kept for the log even when the answer sends no DE54
        // (a 51 decline says how much was available); an approval overwrites it with the balance after.
        record.AvailableBalanceMinor = account.AvailableMinor;
        record.Flags |= JournalRecordFlags.AvailableBalanceRecorded;

        if (IsExpired(request.De14ExpiryYymm, card.ExpiryYymm, month))
        {
            return ResponseCode.ExpiredCard;
        }

        var statusCode = StatusDecline(card.Status);
        if (statusCode != ResponseCode.Approved)
        {
            return statusCode;
        }

        if (processingCode == ProcessingCode.BalanceInquiry)
        {
            // Spec §5: DE4 is zero and nothing is held; the answer carries DE54.
            return ApproveWithoutHold(ref card, in account, 0, 0, ref record);
        }

        if (!IsValidAmount(in request))
        {
            return ResponseCode.InvalidAmount;
        }

        var amount = request.DecisionAmountMinor;
        if (processingCode == ProcessingCode.Refund)
        {
            // Spec §5: a refund is approved without a hold; money moves at clearing. Controls and limits
            // guard spending, so they do not apply to money coming back (docs/engine.md).
            return ApproveWithoutHold(ref card, in account, amount, request.De4AmountMinor, ref record);
        }

        // The common card has no controls: its cold row is not read (CardState.HasControls), and the
        // defaults make every check below pass exactly as the cold row's defaults would.
        ref readonly var controls = ref card.HasControls ? ref _state.Controls(cardIndex) : ref DefaultControls;
        if (!ControlsPermit(in controls, in request))
        {
            return ResponseCode.NotPermitted;
        }

        var velocity = card.Velocity.RolledTo(day, month);
        if (amount > controls.PerTransactionLimitMinor
            || velocity.DailyAmountMinor + amount > controls.DailyLimitMinor
            || velocity.MonthlyAmountMinor + amount > controls.MonthlyLimitMinor)
        {
            return ResponseCode.ExceedsAmountLimit;
        }

        if (velocity.DailyCount >= controls.DailyCountMax)
        {
            return ResponseCode.ExceedsFrequencyLimit;
        }

        var code = ResponseCode.Approved;
        var approvedMinor = amount;
        var approvedTransactionMinor = request.De4AmountMinor;
        var availableMinor = account.AvailableMinor;
        if (amount > availableMinor)
        {
            if (!request.PartialApprovalSupported || availableMinor <= 0)
            {
                return ResponseCode.InsufficientFunds;
            }

            code = ResponseCode.PartialApproval;
            approvedMinor = availableMinor;
            approvedTransactionMinor = request.HasDe6
                ? ScaleToTransactionAmount(request.De4AmountMinor, amount, availableMinor)
                : availableMinor;
        }

        var holdSlot = _tables.Holds.Probe(request.Key, out var holdExists);
        if (_tables.Holds.Count >= _tables.HoldsMax || holdExists)
        {
            // A full hold table declines 91 (the network may stand in). A hold already under this key
            // whose answer is no longer in the recent answers (evicted, or an advice came first) is not
            // decided twice: 91 too, and the network's advice will settle it (spec §7).
            return ResponseCode.IssuerUnavailable;
        }

        var approvalCode = IssueApprovalCode(ref card, ref record);
        record.VelocityBefore = card.Velocity;
        velocity.DailyAmountMinor += approvedMinor;
        velocity.DailyCount++;
        velocity.MonthlyAmountMinor += approvedMinor;
        card.Velocity = velocity;
        record.VelocityAfter = velocity;

        var hold = new HoldState
        {
            CardId = card.CardId,
            CardIndex = cardIndex,
            AmountMinor = approvedMinor,
            DayNumber = day,
            MonthNumber = month,
            ApprovalCode = approvalCode,
            DecidedOnBillingAmount = request.HasDe6,
            Counted = true,
        };
        _tables.Holds.Insert(holdSlot, request.Key, in hold);
        record.HoldKey = request.Key;
        record.HoldAfter = hold;
        account.HeldMinor += approvedMinor;
        record.HeldDeltaMinor = approvedMinor;
        record.Flags |= JournalRecordFlags.HoldChanged | JournalRecordFlags.HoldExistsAfter | JournalRecordFlags.VelocityChanged
            | JournalRecordFlags.HasAvailableBalance;
        record.ApprovalCode = approvalCode;
        record.ApprovedAmountMinor = approvedMinor;
        record.ApprovedTransactionAmountMinor = approvedTransactionMinor;
        record.AvailableBalanceMinor = account.AvailableMinor;
        CheckMoney(in account, forced: false);
        return code;
    }

    private ResponseCode ApproveWithoutHold(ref CardState card, in AccountState account, long approvedMinor, long approvedTransactionMinor, ref JournalRecord record)
    {
        record.ApprovalCode = IssueApprovalCode(ref card, ref record);
        record.ApprovedAmountMinor = approvedMinor;
        record.ApprovedTransactionAmountMinor = approvedTransactionMinor;
        record.AvailableBalanceMinor = account.AvailableMinor;
        record.Flags |= JournalRecordFlags.HasAvailableBalance;
        return ResponseCode.Approved;
    }

    /// <summary>Spec §6 code 54: DE14 in the past, or not the card's own expiry. A card is valid through its expiry month.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsExpired(short de14ExpiryYymm, short cardExpiryYymm, int currentMonth)
    {
        if (de14ExpiryYymm != cardExpiryYymm)
        {
            return true;
        }

        var expiryMonth = TokyoCalendar.ExpiryMonthNumber(de14ExpiryYymm);
        return expiryMonth < currentMonth;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ResponseCode StatusDecline(CardStatus status) => status switch
    {
        CardStatus.Active => ResponseCode.Approved,
        CardStatus.Lost => ResponseCode.LostCard,
        CardStatus.Stolen => ResponseCode.StolenCard,
        _ => ResponseCode.RestrictedCard, // frozen or closed (spec §6 code 62)
    };

    /// <summary>Spec §6 code 13: zero (on anything but a balance inquiry) or more than 12 digits of value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsValidAmount(in AuthorizationRequest request)
    {
        var amount = request.DecisionAmountMinor;
        return amount is > 0 and <= AmountMaxMinor && request.De4AmountMinor is > 0 and <= AmountMaxMinor;
    }

    /// <summary>Spec §5 classification: a control refuses the MCC, the channel (e-commerce, cash) or the country.</summary>
    private static bool ControlsPermit(in CardControls controls, in AuthorizationRequest request)
    {
        var isCash = request.De3ProcessingCode == ProcessingCode.Cash || request.De18Mcc is AtmCashMcc or ManualCashMcc;
        var isEcommerce = request.De22PosEntryMode == EcommercePosEntryMode
            || (request.HasDe25 && request.De25PosConditionCode == EcommercePosCondition);
        var isInternational = request.De19CountryCode != DomesticCountryCode;
        return !controls.IsMccBlocked(request.De18Mcc)
            && (controls.AllowEcommerce || !isEcommerce)
            && (controls.AllowInternational || !isInternational)
            && (controls.AllowCash || !isCash);
    }

    /// <summary>
    /// A partial approval decided on DE6 answers DE4 scaled by the same ratio (rounded down), since the
    /// answer's DE4 and DE6 both hold the approved amount (spec §6 code 10). 128-bit so 12 × 12 digits fit.
    /// </summary>
    internal static long ScaleToTransactionAmount(long transactionAmountMinor, long billingAmountMinor, long approvedBillingMinor)
    {
        Debug.Assert(billingAmountMinor > 0, "a partial approval has a positive requested amount");
        return (long)((Int128)transactionAmountMinor * approvedBillingMinor / billingAmountMinor);
    }
}
