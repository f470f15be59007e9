using System.Globalization;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Modules.Authorization.Engine;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>
/// What the projection of committed journal batches writes besides the log rows: the ledger transfers (in record order), and the last
/// state of every hold and card it touched. Money rules (docs/engine.md "Journal tables"):
/// a hold is one pending transfer deposit → network settlement; any change of its amount voids the
/// pending and opens a new version of the remaining amount; clearing posts it (a single transfer for
/// any excess, forced); expiry voids it; deposits and withdrawals are single transfers with bank cash.
/// </summary>
internal sealed class CommitPlan(CardCatalog catalog, IReadOnlyDictionary<TransactionKey, AdminCommandContext> adminCommands)
{
    private readonly List<(int TransferIndex, AdminCommandContext? Context, int RowIndex)> _adminTransfers = [];

    public List<TransferRequest> Transfers { get; } = [];

    public Dictionary<TransactionKey, HoldRow> Holds { get; } = [];

    public Dictionary<long, CardStateRow> Cards { get; } = [];

    public List<AdminCommandRow> AdminCommands { get; } = [];

    public int LogCount { get; private set; }

    /// <summary>Kinds with a row in the authorization log: the network's requests (not retransmissions nor admin commands).</summary>
    public static bool IsLogged(JournalRecordKind kind) =>
        kind is JournalRecordKind.Authorization or JournalRecordKind.Advice or JournalRecordKind.Reversal or JournalRecordKind.ReversalAdvice;

    public CatalogCard? CardOf(long cardNumber) => cardNumber != 0 && catalog.TryGetCard(cardNumber, out var card) ? card : null;

    public void Build(ReadOnlySpan<JournalRecord> batch, Dictionary<TransactionKey, HoldRow> stored)
    {
        foreach (ref readonly var record in batch)
        {
            if (IsLogged(record.Kind))
            {
                LogCount++;
            }

            var decidedAt = new DateTimeOffset(record.DecidedAtUtcTicks, TimeSpan.Zero);
            switch (record.Kind)
            {
                case JournalRecordKind.Deposit:
                case JournalRecordKind.Withdrawal:
                    Movement(in record, decidedAt);
                    break;
                case JournalRecordKind.ClearingPosting:
                    Clearing(in record, decidedAt, stored);
                    break;
                case JournalRecordKind.HoldExpiry:
                    Expiry(in record, decidedAt, stored);
                    break;
                default:
                    if (record.Has(JournalRecordFlags.HoldChanged))
                    {
                        HoldChange(in record, decidedAt, stored);
                    }

                    break;
            }

            CardState(in record);
        }
    }

    /// <summary>Every transfer must be created now: anything else means the ledger and the engine disagree, and the batch fails (undone, 91).</summary>
    public void CheckTransfers(IReadOnlyList<TransferOutcome> outcomes)
    {
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Result != TransferResultCode.Ok)
            {
                throw new JournalLedgerMismatchException(
                    $"The ledger refused transfer {Transfers[i].IdempotencyKey} ({Transfers[i].Kind}, {Transfers[i].AmountMinor} yen): {outcomes[i].Result}. The engine and the ledger disagree; the batch is undone.");
            }
        }

        foreach (var (transferIndex, _, rowIndex) in _adminTransfers)
        {
            AdminCommands[rowIndex] = AdminCommands[rowIndex] with { TransferId = outcomes[transferIndex].TransferId };
        }
    }

    /// <summary>After the commit: the gateways read their transfer ids.</summary>
    public void PublishTransferIds()
    {
        foreach (var (_, context, rowIndex) in _adminTransfers)
        {
            if (context is not null)
            {
                context.TransferId = AdminCommands[rowIndex].TransferId ?? 0;
            }
        }
    }

    private void Movement(in JournalRecord record, DateTimeOffset decidedAt)
    {
        var (key, context) = AdminKey(in record);
        var amountMinor = Math.Abs(record.PostedDeltaMinor);
        var transfer = record.Kind == JournalRecordKind.Deposit
            ? Credit(key, record.AccountId, amountMinor, context)
            : TransferRequest.Single(key, record.AccountId, SystemAccounts.BankCash, amountMinor, TransferCode.Withdrawal, reference: context?.Reference);
        AddAdmin(transfer, context, record.Kind, record.AccountId, amountMinor, decidedAt);
    }

    /// <summary>An engine deposit's transfer: bank cash, yield expense or cashback expense → the deposit account.</summary>
    private static TransferRequest Credit(string key, long accountId, long amountMinor, AdminCommandContext? context)
    {
        var code = context?.CreditCode ?? TransferCode.Deposit;
        var debitAccountId = code switch
        {
            TransferCode.Deposit => SystemAccounts.BankCash,
            TransferCode.Yield => SystemAccounts.YieldExpense,
            TransferCode.Cashback => SystemAccounts.CashbackExpense,
            _ => throw new InvalidOperationException($"An engine deposit cannot be a {code} transfer."),
        };
        return TransferRequest.Single(key, debitAccountId, accountId, amountMinor, code, reference: context?.Reference);
    }

    private void Clearing(in JournalRecord record, DateTimeOffset decidedAt, Dictionary<TransactionKey, HoldRow> stored)
    {
        var (key, context) = AdminKey(in record);
        var debitMinor = -record.PostedDeltaMinor;
        var rest = debitMinor;
        var reference = context?.Reference ?? record.HoldKey.ToString();
        if (record.Has(JournalRecordFlags.HoldChanged) && record.Has(JournalRecordFlags.HoldExistsAfter))
        {
            rest = ReduceClearedHold(in record, decidedAt, stored, debitMinor, reference);
        }
        else if (record.Has(JournalRecordFlags.HoldChanged))
        {
            var row = Row(in record, decidedAt, stored);
            if (row.PendingOpen)
            {
                var held = record.HoldBefore.AmountMinor;
                var pendingKey = PostgresJournalCommitter.HoldLedgerKey("hold", row.Key, row.LedgerVersion);
                if (debitMinor > 0)
                {
                    var posted = Math.Min(debitMinor, held);
                    Transfers.Add(TransferRequest.PostPending(PostgresJournalCommitter.HoldLedgerKey("post", row.Key, row.LedgerVersion), pendingKey, posted, TransferCode.Purchase, reference));
                    rest = debitMinor - posted;
                }
                else
                {
                    VoidPending(row, reference);
                }

                row.PendingOpen = false;
            }

            row.State = HoldRowState.Cleared;
            row.ChangedAt = decidedAt;
        }

        TransferRequest? single = rest switch
        {
            > 0 => TransferRequest.Single(key, record.AccountId, SystemAccounts.NetworkSettlement, rest, TransferCode.Purchase, TransferFlags.Forced, reference),
            < 0 => TransferRequest.Single(key, SystemAccounts.NetworkSettlement, record.AccountId, -rest, TransferCode.Refund, TransferFlags.None, reference),
            _ => null,
        };
        if (single is not null)
        {
            AddAdmin(single, context, record.Kind, record.AccountId, record.PostedDeltaMinor, decidedAt);
        }
        else
        {
            AdminCommands.Add(new AdminCommandRow(key, (short)record.Kind, record.AccountId, record.PostedDeltaMinor, null, decidedAt));
        }
    }

    /// <summary>
    /// A presentment before the last of its clearing sequence (clearing-file.md §5): the hold's pending is
    /// posted up to the cleared amount (which resolves it whole), and the rest still held opens as the hold's
    /// next pending version. Returns the part of the debit the hold did not cover.
    /// </summary>
    private long ReduceClearedHold(in JournalRecord record, DateTimeOffset decidedAt, Dictionary<TransactionKey, HoldRow> stored, long debitMinor, string reference)
    {
        var row = Row(in record, decidedAt, stored);
        var before = record.HoldBefore.AmountMinor;
        var after = record.HoldAfter.AmountMinor;
        var rest = debitMinor;
        if (row.PendingOpen && after != before)
        {
            var posted = before - after;
            Transfers.Add(TransferRequest.PostPending(
                PostgresJournalCommitter.HoldLedgerKey("post", row.Key, row.LedgerVersion),
                PostgresJournalCommitter.HoldLedgerKey("hold", row.Key, row.LedgerVersion),
                posted,
                TransferCode.Purchase,
                reference));
            rest = debitMinor - posted;
            row.PendingOpen = false;
            if (after > 0)
            {
                // Less held than before: forced like any reduction (a forced event may have taken available below zero).
                row.LedgerVersion++;
                Transfers.Add(TransferRequest.Pending(
                    PostgresJournalCommitter.HoldLedgerKey("hold", row.Key, row.LedgerVersion),
                    row.AccountId,
                    SystemAccounts.NetworkSettlement,
                    after,
                    TransferCode.AuthorizationHold,
                    TransferFlags.Forced,
                    row.Key.ToString()));
                row.PendingOpen = true;
            }
        }

        row.Hold = record.HoldAfter;
        row.ChangedAt = decidedAt;
        return rest;
    }

    private void Expiry(in JournalRecord record, DateTimeOffset decidedAt, Dictionary<TransactionKey, HoldRow> stored)
    {
        var (key, _) = AdminKey(in record);
        if (record.Has(JournalRecordFlags.HoldChanged))
        {
            var row = Row(in record, decidedAt, stored);
            VoidPending(row, row.Key.ToString());
            row.State = HoldRowState.Expired;
            row.ChangedAt = decidedAt;
        }

        AdminCommands.Add(new AdminCommandRow(key, (short)record.Kind, record.AccountId, record.HeldDeltaMinor, null, decidedAt));
    }

    /// <summary>An authorization, advice or reversal changed a hold's amount: void the old pending, open the new one.</summary>
    private void HoldChange(in JournalRecord record, DateTimeOffset decidedAt, Dictionary<TransactionKey, HoldRow> stored)
    {
        var row = Row(in record, decidedAt, stored);
        var before = row.PendingOpen && record.Has(JournalRecordFlags.HoldExistedBefore) ? record.HoldBefore.AmountMinor : 0;
        var after = record.Has(JournalRecordFlags.HoldExistsAfter) ? record.HoldAfter.AmountMinor : 0;
        if (!record.Has(JournalRecordFlags.HoldExistedBefore) || row.State != HoldRowState.Open)
        {
            row.OpenedAt = decidedAt;
        }

        if (after != before)
        {
            VoidPending(row, row.Key.ToString());
            if (after > 0)
            {
                // A reduction may go through a negative available balance (a forced event came first):
                // the engine decided it, and less held can never break the limit the ledger guards.
                var forced = record.Has(JournalRecordFlags.Forced) || (before > 0 && after <= before);
                row.LedgerVersion++;
                Transfers.Add(TransferRequest.Pending(
                    PostgresJournalCommitter.HoldLedgerKey("hold", row.Key, row.LedgerVersion),
                    row.AccountId,
                    SystemAccounts.NetworkSettlement,
                    after,
                    TransferCode.AuthorizationHold,
                    forced ? TransferFlags.Forced : TransferFlags.None,
                    row.Key.ToString()));
                row.PendingOpen = true;
            }
        }

        row.Hold = record.HoldAfter;
        row.State = HoldRowState.Open;
        row.ChangedAt = decidedAt;
    }

    /// <summary>Voids the hold's current pending transfer, if it has one open: the held amount goes back to available.</summary>
    private void VoidPending(HoldRow row, string reference)
    {
        if (!row.PendingOpen)
        {
            return;
        }

        Transfers.Add(TransferRequest.VoidPending(
            PostgresJournalCommitter.HoldLedgerKey("void", row.Key, row.LedgerVersion),
            PostgresJournalCommitter.HoldLedgerKey("hold", row.Key, row.LedgerVersion),
            TransferCode.HoldRelease,
            reference));
        row.PendingOpen = false;
    }

    /// <summary>The hold's row as this batch left it, else as stored, else a new one.</summary>
    private HoldRow Row(in JournalRecord record, DateTimeOffset decidedAt, Dictionary<TransactionKey, HoldRow> stored)
    {
        if (Holds.TryGetValue(record.HoldKey, out var row))
        {
            return row;
        }

        var cardNumber = record.Has(JournalRecordFlags.HoldExistsAfter) ? record.HoldAfter.CardId : record.HoldBefore.CardId;
        var accountId = record.AccountId != 0 ? record.AccountId : CardOf(cardNumber)?.AccountId ?? 0;
        stored.TryGetValue(record.HoldKey, out var existing);
        row = new HoldRow
        {
            Key = record.HoldKey,
            CardNumber = cardNumber,
            AccountId = accountId,
            State = existing?.State ?? HoldRowState.Open,
            LedgerVersion = existing?.LedgerVersion ?? 0,
            PendingOpen = existing?.PendingOpen ?? false,
            OpenedAt = existing?.OpenedAt ?? decidedAt,
            Hold = record.HoldBefore,
        };
        Holds.Add(record.HoldKey, row);
        return row;
    }

    private void CardState(in JournalRecord record)
    {
        const JournalRecordFlags cardFlags = JournalRecordFlags.VelocityChanged | JournalRecordFlags.ApprovalSequenceChanged
            | JournalRecordFlags.StatusChanged | JournalRecordFlags.ControlsChanged;
        if (record.CardId == 0 || (record.Flags & cardFlags) == 0 || record.Kind == JournalRecordKind.Retransmission)
        {
            return;
        }

        if (!Cards.TryGetValue(record.CardId, out var row))
        {
            row = new CardStateRow { CardNumber = record.CardId };
            Cards.Add(record.CardId, row);
        }

        if (record.Has(JournalRecordFlags.VelocityChanged))
        {
            row.HasVelocity = true;
            row.Velocity = record.VelocityAfter;
        }

        if (record.Has(JournalRecordFlags.ApprovalSequenceChanged))
        {
            row.HasApprovalSequence = true;
            row.ApprovalSequence = record.ApprovalSequenceAfter;
        }

        if (record.Has(JournalRecordFlags.StatusChanged))
        {
            row.HasStatus = true;
            row.Status = record.StatusAfter;
        }

        if (record.Has(JournalRecordFlags.ControlsChanged))
        {
            row.HasControls = true;
            row.Controls = record.ControlsAfter;
        }
    }

    private (string Key, AdminCommandContext? Context) AdminKey(in JournalRecord record) =>
        adminCommands.TryGetValue(record.Key, out var context)
            ? (context.IdempotencyKey, context)
            : (string.Create(CultureInfo.InvariantCulture, $"engine:{(int)record.Kind}:{record.Key}"), null);

    private void AddAdmin(TransferRequest transfer, AdminCommandContext? context, JournalRecordKind kind, long accountId, long amountMinor, DateTimeOffset decidedAt)
    {
        Transfers.Add(transfer);
        AdminCommands.Add(new AdminCommandRow(transfer.IdempotencyKey, (short)kind, accountId, amountMinor, null, decidedAt));
        _adminTransfers.Add((Transfers.Count - 1, context, AdminCommands.Count - 1));
    }
}
