using System.Diagnostics;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// Decides a batch of transfer requests in memory, in order, against the accounts the batch locked and
/// the transfers it read: which are created (with their ids), which exist already, which are refused and
/// why, and the balances they leave. Pure: the database work is <c>TransferStore</c>'s.
/// </summary>
/// <remarks>
/// The rules are TigerBeetle's (docs/ledger.md), with one addition: a forced transfer skips the
/// debits-must-not-exceed-credits limit. A post may not exceed its pending amount; clearing above an
/// authorization posts the pending amount and moves the rest in a single transfer.
/// </remarks>
internal sealed class TransferPlanner
{
    private readonly IReadOnlyDictionary<long, LedgerAccount> _accounts;
    private readonly Dictionary<string, StoredTransfer> _transfersByKey;
    private readonly Dictionary<string, PendingTransfer> _pendingsByKey;
    private readonly IReadOnlyList<long> _ids;
    private int _idsUsed;

    /// <param name="accounts">Every account the requests name, locked; an id missing here does not exist.</param>
    /// <param name="existing">Transfers already stored whose idempotency key a request uses.</param>
    /// <param name="pendings">Transfers already stored that a post or void names, with their resolution.</param>
    /// <param name="ids">Reserved transfer ids, ascending, at least one per request.</param>
    public TransferPlanner(
        IReadOnlyDictionary<long, LedgerAccount> accounts,
        IEnumerable<StoredTransfer> existing,
        IEnumerable<PendingTransfer> pendings,
        IReadOnlyList<long> ids)
    {
        _accounts = accounts;
        _transfersByKey = existing.ToDictionary(t => t.IdempotencyKey, StringComparer.Ordinal);
        _pendingsByKey = pendings.ToDictionary(p => p.IdempotencyKey, StringComparer.Ordinal);
        _ids = ids;
    }

    /// <summary>The transfers to insert, in request order.</summary>
    public List<StoredTransfer> Created { get; } = [];

    /// <summary>Decides every request; returns one outcome per request, at its index.</summary>
    public TransferOutcome[] Plan(IReadOnlyList<TransferRequest> requests)
    {
        Debug.Assert(_ids.Count >= requests.Count, "One reserved id per request.");
        var outcomes = new TransferOutcome[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            outcomes[i] = Decide(requests[i]);
        }

        return outcomes;
    }

    private TransferOutcome Decide(TransferRequest request)
    {
        if (request.IdempotencyKey is not { Length: > 0 and <= LedgerLimits.IdempotencyKeyLengthMax })
        {
            return Refused(TransferResultCode.IdempotencyKeyInvalid);
        }

        if (_transfersByKey.TryGetValue(request.IdempotencyKey, out var first))
        {
            return new TransferOutcome(SameContent(request, first) ? TransferResultCode.Exists : TransferResultCode.ExistsWithDifferentContent, first.Id);
        }

        if ((request.Flags & ~TransferFlags.Forced) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Flags, "Unknown transfer flags.");
        }

        if (!Enum.IsDefined(request.Code))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Code, "Unknown transfer code.");
        }

        if (request.Reference is { Length: > LedgerLimits.ReferenceLengthMax })
        {
            return Refused(TransferResultCode.ReferenceTooLong);
        }

        return request.Kind switch
        {
            TransferKind.Single or TransferKind.Pending => DecideNew(request),
            TransferKind.PostPending or TransferKind.VoidPending => DecideResolution(request),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "Unknown transfer kind."),
        };
    }

    private TransferOutcome DecideNew(TransferRequest request)
    {
        if (request.PendingIdempotencyKey is not null)
        {
            return Refused(TransferResultCode.PendingTransferNotAllowed);
        }

        if (request.AmountMinor is < 1 or > LedgerLimits.TransferAmountMinorMax)
        {
            return Refused(TransferResultCode.AmountOutOfRange);
        }

        if (request.DebitAccountId == request.CreditAccountId)
        {
            return Refused(TransferResultCode.AccountsMustBeDifferent);
        }

        if (!_accounts.TryGetValue(request.DebitAccountId, out var debit) || !_accounts.TryGetValue(request.CreditAccountId, out var credit))
        {
            return Refused(TransferResultCode.AccountNotFound);
        }

        var pending = request.Kind == TransferKind.Pending;
        var amount = request.AmountMinor;
        var d = debit.Current;
        var c = credit.Current;
        AccountBalances debitAfter;
        AccountBalances creditAfter;
        try
        {
            debitAfter = pending
                ? d with { DebitsPending = checked(d.DebitsPending + amount) }
                : d with { DebitsPosted = checked(d.DebitsPosted + amount) };
            creditAfter = pending
                ? c with { CreditsPending = checked(c.CreditsPending + amount) }
                : c with { CreditsPosted = checked(c.CreditsPosted + amount) };
            var forced = (request.Flags & TransferFlags.Forced) != 0;
            if (!forced && (debit.Flags & AccountFlags.DebitsMustNotExceedCredits) != 0
                && checked(debitAfter.DebitsPending + debitAfter.DebitsPosted) > debitAfter.CreditsPosted)
            {
                return Refused(TransferResultCode.ExceedsCredits);
            }

            if (!forced && (credit.Flags & AccountFlags.CreditsMustNotExceedDebits) != 0
                && checked(creditAfter.CreditsPending + creditAfter.CreditsPosted) > creditAfter.DebitsPosted)
            {
                return Refused(TransferResultCode.ExceedsDebits);
            }
        }
        catch (OverflowException)
        {
            return Refused(TransferResultCode.Overflow);
        }

        debit.Current = debitAfter;
        credit.Current = creditAfter;
        var created = Create(request, request.DebitAccountId, request.CreditAccountId, amount, pendingId: null);
        if (pending)
        {
            _pendingsByKey[created.IdempotencyKey] = new PendingTransfer(created.Id, created.IdempotencyKey, TransferKind.Pending, created.DebitAccountId, created.CreditAccountId, amount, Resolution: null);
        }

        return new TransferOutcome(TransferResultCode.Ok, created.Id);
    }

    private TransferOutcome DecideResolution(TransferRequest request)
    {
        if (request.PendingIdempotencyKey is null)
        {
            return Refused(TransferResultCode.PendingTransferRequired);
        }

        if (!_pendingsByKey.TryGetValue(request.PendingIdempotencyKey, out var pending))
        {
            return Refused(TransferResultCode.PendingTransferNotFound);
        }

        if (pending.Kind != TransferKind.Pending)
        {
            return Refused(TransferResultCode.PendingTransferNotPending);
        }

        if (pending.Resolution == TransferKind.PostPending)
        {
            return Refused(TransferResultCode.PendingTransferAlreadyPosted);
        }

        if (pending.Resolution == TransferKind.VoidPending)
        {
            return Refused(TransferResultCode.PendingTransferAlreadyVoided);
        }

        if ((request.DebitAccountId != 0 && request.DebitAccountId != pending.DebitAccountId)
            || (request.CreditAccountId != 0 && request.CreditAccountId != pending.CreditAccountId))
        {
            return Refused(TransferResultCode.AccountsDifferFromPending);
        }

        var post = request.Kind == TransferKind.PostPending;
        long amount;
        if (post)
        {
            if (request.AmountMinor > pending.AmountMinor)
            {
                return Refused(TransferResultCode.AmountExceedsPending);
            }

            if (request.AmountMinor < 1)
            {
                return Refused(TransferResultCode.AmountOutOfRange);
            }

            amount = request.AmountMinor;
        }
        else
        {
            if (request.AmountMinor != 0 && request.AmountMinor != pending.AmountMinor)
            {
                return Refused(TransferResultCode.AmountOutOfRange);
            }

            amount = pending.AmountMinor;
        }

        // A pending transfer committed after the batch took its locks is read, but its accounts are not locked:
        // the batch answers as if it ran before that commit, which is the order its locks put it in.
        if (!_accounts.TryGetValue(pending.DebitAccountId, out var debit) || !_accounts.TryGetValue(pending.CreditAccountId, out var credit))
        {
            return Refused(TransferResultCode.PendingTransferNotFound);
        }

        var d = debit.Current;
        var c = credit.Current;
        try
        {
            // Resolving releases the whole pending amount; a post then posts what was cleared (at most that).
            debit.Current = d with
            {
                DebitsPending = d.DebitsPending - pending.AmountMinor,
                DebitsPosted = post ? checked(d.DebitsPosted + amount) : d.DebitsPosted,
            };
            credit.Current = c with
            {
                CreditsPending = c.CreditsPending - pending.AmountMinor,
                CreditsPosted = post ? checked(c.CreditsPosted + amount) : c.CreditsPosted,
            };
        }
        catch (OverflowException)
        {
            debit.Current = d;
            credit.Current = c;
            return Refused(TransferResultCode.Overflow);
        }

        Debug.Assert(debit.Current.DebitsPending >= 0, "A pending amount is released only once.");
        var created = Create(request, pending.DebitAccountId, pending.CreditAccountId, amount, pending.Id);
        _pendingsByKey[pending.IdempotencyKey] = pending with { Resolution = request.Kind };
        return new TransferOutcome(TransferResultCode.Ok, created.Id);
    }

    private StoredTransfer Create(TransferRequest request, long debitAccountId, long creditAccountId, long amountMinor, long? pendingId)
    {
        var created = new StoredTransfer(
            _ids[_idsUsed++],
            request.IdempotencyKey,
            request.Kind,
            debitAccountId,
            creditAccountId,
            amountMinor,
            pendingId,
            request.PendingIdempotencyKey,
            request.Flags,
            request.Code,
            request.Reference);
        Created.Add(created);
        _transfersByKey[created.IdempotencyKey] = created;
        return created;
    }

    /// <summary>
    /// Whether a repeat asks for what the first transfer did. A post or void may leave its accounts 0, and a
    /// void its amount 0; those match the values stored from the pending transfer.
    /// </summary>
    private static bool SameContent(TransferRequest request, StoredTransfer first)
    {
        var resolution = request.Kind is TransferKind.PostPending or TransferKind.VoidPending;
        return request.Kind == first.Kind
            && (request.DebitAccountId == first.DebitAccountId || (resolution && request.DebitAccountId == 0))
            && (request.CreditAccountId == first.CreditAccountId || (resolution && request.CreditAccountId == 0))
            && (request.AmountMinor == first.AmountMinor || (request.Kind == TransferKind.VoidPending && request.AmountMinor == 0))
            && request.Code == first.Code
            && request.Flags == first.Flags
            && string.Equals(request.PendingIdempotencyKey, first.PendingIdempotencyKey, StringComparison.Ordinal)
            && string.Equals(request.Reference, first.Reference, StringComparison.Ordinal);
    }

    private static TransferOutcome Refused(TransferResultCode result) => new(result, 0);
}
