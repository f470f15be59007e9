using System.Runtime.CompilerServices;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class EnginePartition
{
    /// <summary>
    /// Applies an admin, clearing or job command. 00 means applied (and a record was produced); any other
    /// code says why it was refused and nothing changed: 13 bad amount, 14 unknown account or card,
    /// 25 unknown hold, 51 a withdrawal above available, 12 an unknown kind or status.
    /// </summary>
    public void Execute(in AccountCommand command, out AuthorizationOutcome outcome, out JournalRecord record) =>
        Execute(in command, ReadClock(), out outcome, out record);

    /// <summary>Applies a command at <paramref name="nowUtcTicks"/> (the worker's clock read for its group, as for decisions).</summary>
    public void Execute(in AccountCommand command, long nowUtcTicks, out AuthorizationOutcome outcome, out JournalRecord record)
    {
        record = default;
        record.DecidedAtUtcTicks = nowUtcTicks;
        record.Key = command.Key;
        var code = command.Kind switch
        {
            AccountCommandKind.Deposit => Deposit(in command, ref record),
            AccountCommandKind.Withdrawal => Withdraw(in command, ref record),
            AccountCommandKind.ClearingPosting => PostClearing(in command, ref record),
            AccountCommandKind.HoldExpiry => ExpireHold(in command, ref record),
            AccountCommandKind.CardStatusChange => ChangeStatus(in command, ref record),
            AccountCommandKind.CardControlsChange => ChangeControls(in command, ref record),
            _ => ResponseCode.InvalidTransaction,
        };

        if (code != ResponseCode.Approved)
        {
            record = default;
            outcome = new AuthorizationOutcome(code, ApprovalCode.None, 0, 0, false, 0, recordProduced: false, isRetransmission: false);
            return;
        }

        record.ResponseCode = code;
        Stamp(ref record);
        outcome = new AuthorizationOutcome(code, ApprovalCode.None, 0, 0, record.AccountId != 0, record.AvailableBalanceMinor, recordProduced: true, isRetransmission: false);
    }

    private ResponseCode Deposit(in AccountCommand command, ref JournalRecord record)
    {
        record.Kind = JournalRecordKind.Deposit;
        var code = CheckAmountAndAccount(in command, out var accountIndex);
        if (code != ResponseCode.Approved)
        {
            return code;
        }

        ref var account = ref _state.Account(accountIndex);
        account.PostedMinor += command.AmountMinor;
        FillAccount(in account, command.AmountMinor, 0, ref record);
        return ResponseCode.Approved;
    }

    private ResponseCode Withdraw(in AccountCommand command, ref JournalRecord record)
    {
        record.Kind = JournalRecordKind.Withdrawal;
        var code = CheckAmountAndAccount(in command, out var accountIndex);
        if (code != ResponseCode.Approved)
        {
            return code;
        }

        ref var account = ref _state.Account(accountIndex);
        if (command.AmountMinor > account.AvailableMinor)
        {
            return ResponseCode.InsufficientFunds;
        }

        account.PostedMinor -= command.AmountMinor;
        FillAccount(in account, -command.AmountMinor, 0, ref record);
        CheckMoney(in account, forced: false);
        return ResponseCode.Approved;
    }

    /// <summary>Deposits and withdrawals: a positive amount of at most 12 digits (13), on a known account (14).</summary>
    private ResponseCode CheckAmountAndAccount(in AccountCommand command, out int accountIndex)
    {
        accountIndex = -1;
        if (command.AmountMinor is <= 0 or > AmountMaxMinor)
        {
            return ResponseCode.InvalidAmount;
        }

        return _state.TryGetAccountIndexById(command.AccountId, out accountIndex) ? ResponseCode.Approved : ResponseCode.InvalidCardNumber;
    }

    /// <summary>
    /// A clearing posting is forced (ARCHITECTURE §3): the matched hold, if still there, leaves the table
    /// (its remaining amount is released) and the cleared amount is posted, even below zero. With
    /// <see cref="AccountCommand.ReducesHold"/> (a presentment before the last of its clearing sequence) the
    /// hold stays, reduced by the cleared amount (at most to zero). Velocity is not touched: it counted the
    /// authorization already.
    /// </summary>
    private ResponseCode PostClearing(in AccountCommand command, ref JournalRecord record)
    {
        record.Kind = JournalRecordKind.ClearingPosting;
        record.Flags |= JournalRecordFlags.Forced;
        if (command.AmountMinor is > AmountMaxMinor or < -AmountMaxMinor)
        {
            return ResponseCode.InvalidAmount;
        }

        if (!_state.TryGetAccountIndexById(command.AccountId, out var accountIndex))
        {
            return ResponseCode.InvalidCardNumber;
        }

        ref var account = ref _state.Account(accountIndex);
        long heldDeltaMinor = 0;
        if (command.HasHoldKey)
        {
            heldDeltaMinor = command.ReducesHold
                ? ReduceHold(accountIndex, command.HoldKey, Math.Max(-command.AmountMinor, 0), ref record)
                : RemoveHold(accountIndex, command.HoldKey, ref record);
        }

        account.PostedMinor += command.AmountMinor;
        account.HeldMinor += heldDeltaMinor;
        FillAccount(in account, command.AmountMinor, heldDeltaMinor, ref record);
        CheckMoney(in account, forced: true);
        return ResponseCode.Approved;
    }

    private ResponseCode ExpireHold(in AccountCommand command, ref JournalRecord record)
    {
        record.Kind = JournalRecordKind.HoldExpiry;
        if (!_state.TryGetAccountIndexById(command.AccountId, out var accountIndex))
        {
            return ResponseCode.InvalidCardNumber;
        }

        ref var hold = ref _tables.Holds.Find(command.HoldKey);
        if (Unsafe.IsNullRef(ref hold) || _state.Card(hold.CardIndex).AccountIndex != accountIndex)
        {
            return ResponseCode.UnableToLocateOriginal;
        }

        ref var account = ref _state.Account(accountIndex);
        var heldDeltaMinor = RemoveHold(accountIndex, command.HoldKey, ref record);
        account.HeldMinor += heldDeltaMinor;
        FillAccount(in account, 0, heldDeltaMinor, ref record);
        CheckMoney(in account, forced: true);
        return ResponseCode.Approved;
    }

    /// <summary>Removes the account's hold under <paramref name="holdKey"/> if there is one; returns the change of the held amount.</summary>
    private long RemoveHold(int accountIndex, in TransactionKey holdKey, ref JournalRecord record)
    {
        var slot = _tables.Holds.Probe(holdKey, out var found);
        var hold = found ? _tables.Holds[slot].Hold : default;
        if (!found || _state.Card(hold.CardIndex).AccountIndex != accountIndex)
        {
            return 0;
        }

        _tables.Holds.RemoveAt(slot);
        record.Flags |= JournalRecordFlags.HoldChanged | JournalRecordFlags.HoldExistedBefore;
        record.HoldKey = holdKey;
        record.HoldBefore = hold;
        record.CardId = hold.CardId;
        return -hold.AmountMinor;
    }

    /// <summary>
    /// Reduces the account's hold under <paramref name="holdKey"/> by <paramref name="amountMinor"/> (at most to
    /// zero), keeping it in the table; returns the change of the held amount (0 when there is no such hold).
    /// </summary>
    private long ReduceHold(int accountIndex, in TransactionKey holdKey, long amountMinor, ref JournalRecord record)
    {
        ref var slot = ref _tables.Holds.Find(holdKey);
        if (Unsafe.IsNullRef(ref slot) || _state.Card(slot.CardIndex).AccountIndex != accountIndex)
        {
            return 0;
        }

        var reducedMinor = Math.Min(amountMinor, slot.AmountMinor);
        record.Flags |= JournalRecordFlags.HoldChanged | JournalRecordFlags.HoldExistedBefore | JournalRecordFlags.HoldExistsAfter;
        record.HoldKey = holdKey;
        record.HoldBefore = slot.Hold;
        record.CardId = slot.CardId;
        slot.AmountMinor -= reducedMinor;
        record.HoldAfter = slot.Hold;
        return -reducedMinor;
    }

    private static void FillAccount(in AccountState account, long postedDeltaMinor, long heldDeltaMinor, ref JournalRecord record)
    {
        record.AccountId = account.AccountId;
        record.PostedDeltaMinor = postedDeltaMinor;
        record.HeldDeltaMinor = heldDeltaMinor;
        record.AvailableBalanceMinor = account.AvailableMinor;
        record.Flags |= JournalRecordFlags.HasAvailableBalance;
    }

    private ResponseCode ChangeStatus(in AccountCommand command, ref JournalRecord record)
    {
        record.Kind = JournalRecordKind.CardStatusChange;
        if (!Enum.IsDefined(command.Status))
        {
            return ResponseCode.InvalidTransaction;
        }

        if (!_state.TryGetCardIndexById(command.CardId, out var cardIndex))
        {
            return ResponseCode.InvalidCardNumber;
        }

        ref var card = ref _state.Card(cardIndex);
        record.CardId = card.CardId;
        record.CardKey = card.CardKey;
        record.AccountId = _state.Account(card.AccountIndex).AccountId;
        record.Flags |= JournalRecordFlags.StatusChanged;
        record.StatusBefore = card.Status;
        record.StatusAfter = command.Status;
        card.Status = command.Status;
        return ResponseCode.Approved;
    }

    private ResponseCode ChangeControls(in AccountCommand command, ref JournalRecord record)
    {
        record.Kind = JournalRecordKind.CardControlsChange;
        if (!_state.TryGetCardIndexById(command.CardId, out var cardIndex))
        {
            return ResponseCode.InvalidCardNumber;
        }

        ref var card = ref _state.Card(cardIndex);
        record.CardId = card.CardId;
        record.CardKey = card.CardKey;
        record.AccountId = _state.Account(card.AccountIndex).AccountId;
        record.Flags |= JournalRecordFlags.ControlsChanged;
        record.ControlsBefore = _state.Controls(cardIndex);
        record.ControlsAfter = command.Controls;
        _state.SetControls(cardIndex, command.Controls);
        return ResponseCode.Approved;
    }
}
