using System.Diagnostics;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;
using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// One account partition's synchronous core: decides requests and applies commands for the accounts it
/// owns, producing the answer and the journal record. It is single-threaded by construction (only its
/// worker, or a test or benchmark, calls it), so it takes no locks. It allocates nothing.
/// </summary>
public sealed partial class EnginePartition
{
    /// <summary>12 digits of value (spec §3 n12, §6 code 13).</summary>
    public const long AmountMaxMinor = 999_999_999_999;

    /// <summary>Japan, ISO 3166 numeric: any other acquirer country is international (spec §5).</summary>
    public const short DomesticCountryCode = 392;

    /// <summary>MCCs that make a request cash whatever its processing code (spec §5).</summary>
    public const short AtmCashMcc = 6011;

    public const short ManualCashMcc = 6010;

    /// <summary>DE22 first two digits / DE25 values that make a request e-commerce (spec §5).</summary>
    public const byte EcommercePosEntryMode = 81;

    public const byte EcommercePosCondition = 59;

    /// <summary>What a card without controls decides against (<see cref="CardState.HasControls"/> clear).</summary>
    private static readonly CardControls DefaultControls = CardControls.Default;

    private readonly EngineState _state;
    private readonly PartitionState _tables;
    private readonly TimeProvider _time;
    private readonly ApprovalCodeGenerator _codes;
    private long _sequence;

    // The Tokyo day (and its month) of the last decision, valid for UTC ticks in [start, end): the
    // calendar arithmetic runs once a day instead of once per decision.
    private long _dayStartUtcTicks = long.MaxValue;
    private long _dayEndUtcTicks = long.MinValue;
    private int _day;
    private int _month;

    internal EnginePartition(int index, EngineState state, TimeProvider time, ApprovalCodeGenerator codes)
    {
        Index = index;
        _state = state;
        _tables = state.Partition(index);
        _time = time;
        _codes = codes;
    }

    public int Index { get; }

    /// <summary>Records produced so far; the last record's <see cref="JournalRecord.PartitionSequence"/>.</summary>
    public long LastSequence => Volatile.Read(ref _sequence);

    /// <summary>
    /// Decides one request from the network (spec §5–§8). On return <paramref name="outcome"/> is the
    /// answer; when <see cref="AuthorizationOutcome.RecordProduced"/> the state has changed accordingly
    /// and <paramref name="record"/> describes the change (and how to undo it).
    /// </summary>
    /// <remarks>
    /// Decided as the partition worker decides a group of one: the clock read, the request's lines
    /// prefetched (its card, answer and hold slots together, then its account), then the decision — so
    /// even a lone request waits for about two memory latencies (card, then account) rather than one per
    /// table it touches.
    /// </remarks>
    public void Decide(in AuthorizationRequest request, out AuthorizationOutcome outcome, out JournalRecord record)
    {
        var nowUtcTicks = ReadClock();
        PrefetchKeys(in request);
        PrefetchAccount(in request);
        Decide(in request, nowUtcTicks, out outcome, out record);
    }

    /// <summary>
    /// Decides one request at <paramref name="nowUtcTicks"/>: the partition worker reads the clock once per
    /// group it takes from its queue (after taking it), so a decision's time is never before its request
    /// arrived and at most one group's decisions (microseconds) before the decision itself.
    /// </summary>
    public void Decide(in AuthorizationRequest request, long nowUtcTicks, out AuthorizationOutcome outcome, out JournalRecord record)
    {
        record = default;
        if (nowUtcTicks < _dayStartUtcTicks || nowUtcTicks >= _dayEndUtcTicks)
        {
            MoveToDay(nowUtcTicks);
        }

        var day = _day;
        var month = _month;
        CopyRequest(in request, ref record, nowUtcTicks);

        // Spec §8: the same MTI and key again gets the earlier answer and changes nothing else.
        var answerKey = new AnswerKey(request.Kind, request.Key);
        if (_tables.RecentAnswers.TryGet(in answerKey, out var earlier, out var answerSlot))
        {
            AnswerRetransmission(in earlier, ref record, out outcome);
            return;
        }

        ResponseCode code;
        switch (request.Kind)
        {
            case RequestKind.Authorization:
                record.Kind = JournalRecordKind.Authorization;
                code = DecideAuthorization(in request, day, month, ref record);
                break;
            case RequestKind.Advice:
                record.Kind = JournalRecordKind.Advice;
                code = RecordAdvice(in request, day, month, ref record);
                break;
            case RequestKind.Reversal:
                record.Kind = JournalRecordKind.Reversal;
                code = DecideReversal(in request, day, month, ref record);
                break;
            case RequestKind.ReversalAdvice:
                record.Kind = JournalRecordKind.ReversalAdvice;
                code = DecideReversal(in request, day, month, ref record);
                break;
            default:
                // The link maps only the MTIs of spec §4; anything else is a request Pool does not define.
                record.Kind = JournalRecordKind.Authorization;
                code = ResponseCode.InvalidTransaction;
                break;
        }

        if (code == ResponseCode.IssuerUnavailable)
        {
            // A full table: nothing was changed and, per spec §8, nothing is recorded.
            record = default;
            outcome = AuthorizationOutcome.Unavailable;
            return;
        }

        record.ResponseCode = code;
        var answer = new RecentAnswer
        {
            CardId = record.CardId,
            ResponseCode = code,
            HasAvailableBalance = record.Has(JournalRecordFlags.HasAvailableBalance),
            ApprovalCode = record.ApprovalCode,
            ApprovedAmountMinor = record.ApprovedAmountMinor,
            ApprovedTransactionAmountMinor = record.ApprovedTransactionAmountMinor,
            AvailableBalanceMinor = record.AvailableBalanceMinor,
        };
        // Nothing added an answer since the lookup above (a reversal only looks its original up), so the
        // lookup's empty slot is still the key's.
        _tables.RecentAnswers.AddNew(in answerKey, in answer, answerSlot);
        record.Flags |= JournalRecordFlags.RecentAnswerAdded;
        Stamp(ref record);
        outcome = new AuthorizationOutcome(
            code,
            record.ApprovalCode,
            record.ApprovedAmountMinor,
            record.ApprovedTransactionAmountMinor,
            answer.HasAvailableBalance,
            record.AvailableBalanceMinor,
            recordProduced: true,
            isRetransmission: false);
    }

    private void MoveToDay(long nowUtcTicks)
    {
        var now = new DateTimeOffset(nowUtcTicks, TimeSpan.Zero);
        _day = TokyoCalendar.DayNumber(now);
        _month = TokyoCalendar.MonthNumber(now);
        _dayStartUtcTicks = (_day * TimeSpan.TicksPerDay) - TokyoCalendar.Offset.Ticks;
        _dayEndUtcTicks = _dayStartUtcTicks + TimeSpan.TicksPerDay;
        Debug.Assert(TokyoCalendar.DayNumber(new DateTimeOffset(_dayEndUtcTicks - 1, TimeSpan.Zero)) == _day, "the window ends with the day");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Stamp(ref JournalRecord record)
    {
        record.Partition = Index;
        record.PartitionSequence = ++_sequence;
    }

    private void AnswerRetransmission(in RecentAnswer earlier, ref JournalRecord record, out AuthorizationOutcome outcome)
    {
        // The record changes nothing; it exists so that the answer waits behind the original's commit
        // (spec §7: an answer is never sent before its decision is durable) and fails with it.
        record.Kind = JournalRecordKind.Retransmission;
        record.ResponseCode = earlier.ResponseCode;
        record.ApprovalCode = earlier.ApprovalCode;
        record.ApprovedAmountMinor = earlier.ApprovedAmountMinor;
        record.ApprovedTransactionAmountMinor = earlier.ApprovedTransactionAmountMinor;
        record.AvailableBalanceMinor = earlier.AvailableBalanceMinor;
        if (earlier.HasAvailableBalance)
        {
            record.Flags |= JournalRecordFlags.HasAvailableBalance;
        }

        Stamp(ref record);
        outcome = new AuthorizationOutcome(
            earlier.ResponseCode,
            earlier.ApprovalCode,
            earlier.ApprovedAmountMinor,
            earlier.ApprovedTransactionAmountMinor,
            earlier.HasAvailableBalance,
            earlier.AvailableBalanceMinor,
            recordProduced: true,
            isRetransmission: true);
    }

    private static void CopyRequest(in AuthorizationRequest request, ref JournalRecord record, long nowUtcTicks)
    {
        record.RequestKind = request.Kind;
        record.DecidedAtUtcTicks = nowUtcTicks;
        record.De3ProcessingCode = request.De3ProcessingCode;
        record.CardKey = request.CardKey;
        record.Key = request.Key;
        record.OriginalKey = request.OriginalKey;
        record.De4AmountMinor = request.De4AmountMinor;
        record.De6BillingAmountMinor = request.De6BillingAmountMinor;
        record.De49CurrencyCode = request.De49CurrencyCode;
        record.De18Mcc = request.De18Mcc;
        record.De19CountryCode = request.De19CountryCode;
        record.De22PosEntryMode = request.De22PosEntryMode;
        record.De25PosConditionCode = request.De25PosConditionCode;
        record.De37Rrn = request.De37Rrn;
        record.De43MerchantName = request.De43MerchantName;
        var flags = JournalRecordFlags.None;
        if (request.HasDe6)
        {
            flags |= JournalRecordFlags.HasDe6;
        }

        if (request.IsRepeat)
        {
            flags |= JournalRecordFlags.IsRepeat;
        }

        if (request.PartialApprovalSupported)
        {
            flags |= JournalRecordFlags.PartialApprovalSupported;
        }

        record.Flags = flags;
    }

    /// <summary>
    /// Money invariants, checked in Release too (STYLE.md): nothing is held below zero, and only a forced
    /// event may take available below zero. A breach is a bug; the caller undoes the record and answers 96.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckMoney(in AccountState account, bool forced)
    {
        if (account.HeldMinor < 0 || (!forced && account.PostedMinor - account.HeldMinor < 0))
        {
            ThrowMoneyInvariant(account.AccountId);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowMoneyInvariant(long accountId) =>
        throw new MoneyInvariantException($"Money invariant broken on account {accountId}.");

    private ApprovalCode IssueApprovalCode(ref CardState card, ref JournalRecord record)
    {
        record.Flags |= JournalRecordFlags.ApprovalSequenceChanged;
        record.ApprovalSequenceBefore = card.ApprovalSequence;
        var code = _codes.Generate(card.CardId, card.ApprovalSequence);
        card.ApprovalSequence = (card.ApprovalSequence + 1) % ApprovalCodeGenerator.CodeSpace;
        record.ApprovalSequenceAfter = card.ApprovalSequence;
        return code;
    }
}
