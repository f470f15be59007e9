using System.Diagnostics;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class EnginePartition
{
    /// <summary>
    /// Replays a committed record onto loaded state (restart): sets every after-value and adds every
    /// delta the record carries, without deciding anything again.
    /// </summary>
    internal void Apply(in JournalRecord record)
    {
        if (record.Kind == JournalRecordKind.Retransmission)
        {
            return;
        }

        var hasAccount = _state.TryGetAccountIndexById(record.AccountId, out var accountIndex);
        var hasCard = _state.TryGetCardIndexById(record.CardId, out var cardIndex);
        if (hasAccount)
        {
            ref var account = ref _state.Account(accountIndex);
            account.PostedMinor += record.PostedDeltaMinor;
            account.HeldMinor += record.HeldDeltaMinor;
        }

        if (hasCard)
        {
            SetCard(cardIndex, in record, after: true);
        }

        if (record.Has(JournalRecordFlags.HoldChanged))
        {
            if (record.Has(JournalRecordFlags.HoldExistsAfter))
            {
                var hold = record.HoldAfter;
                var found = _state.TryGetCardIndexById(hold.CardId, out hold.CardIndex);
                Debug.Assert(found, "a hold's card is loaded");
                _tables.Holds.Set(record.HoldKey, in hold);
            }
            else
            {
                _tables.Holds.Remove(record.HoldKey);
            }
        }

        if (record.Has(JournalRecordFlags.RecentAnswerAdded))
        {
            _tables.RecentAnswers.Set(new AnswerKey(record.RequestKind, record.Key), AnswerOf(in record));
        }
    }

    /// <summary>
    /// Undoes an uncommitted record (newest first): restores every before-value and subtracts every delta.
    /// After undoing all uncommitted records the state equals the last committed state.
    /// </summary>
    internal void Undo(in JournalRecord record)
    {
        if (record.Kind == JournalRecordKind.Retransmission)
        {
            return;
        }

        if (record.Has(JournalRecordFlags.RecentAnswerAdded))
        {
            _tables.RecentAnswers.RemoveNewest(new AnswerKey(record.RequestKind, record.Key));
        }

        if (record.Has(JournalRecordFlags.HoldChanged))
        {
            if (record.Has(JournalRecordFlags.HoldExistedBefore))
            {
                _tables.Holds.Set(record.HoldKey, in record.HoldBefore);
            }
            else
            {
                _tables.Holds.Remove(record.HoldKey);
            }
        }

        if (_state.TryGetCardIndexById(record.CardId, out var cardIndex))
        {
            SetCard(cardIndex, in record, after: false);
        }

        if (_state.TryGetAccountIndexById(record.AccountId, out var accountIndex))
        {
            ref var account = ref _state.Account(accountIndex);
            account.PostedMinor -= record.PostedDeltaMinor;
            account.HeldMinor -= record.HeldDeltaMinor;
        }
    }

    /// <summary>Sets the card fields the record changed to their after-values (replay) or before-values (undo).</summary>
    private void SetCard(int cardIndex, in JournalRecord record, bool after)
    {
        ref var card = ref _state.Card(cardIndex);
        if (record.Has(JournalRecordFlags.VelocityChanged))
        {
            card.Velocity = after ? record.VelocityAfter : record.VelocityBefore;
        }

        if (record.Has(JournalRecordFlags.ApprovalSequenceChanged))
        {
            card.ApprovalSequence = after ? record.ApprovalSequenceAfter : record.ApprovalSequenceBefore;
        }

        if (record.Has(JournalRecordFlags.StatusChanged))
        {
            card.Status = after ? record.StatusAfter : record.StatusBefore;
        }

        if (record.Has(JournalRecordFlags.ControlsChanged))
        {
            _state.SetControls(cardIndex, in after ? ref record.ControlsAfter : ref record.ControlsBefore);
        }
    }

    private static RecentAnswer AnswerOf(in JournalRecord record) => new()
    {
        CardId = record.CardId,
        ResponseCode = record.ResponseCode,
        HasAvailableBalance = record.Has(JournalRecordFlags.HasAvailableBalance),
        ApprovalCode = record.ApprovalCode,
        ApprovedAmountMinor = record.ApprovedAmountMinor,
        ApprovedTransactionAmountMinor = record.ApprovedTransactionAmountMinor,
        AvailableBalanceMinor = record.AvailableBalanceMinor,
    };
}
