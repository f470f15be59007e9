using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine.Model;

/// <summary>
/// The oracle: the rules of the link spec (§5–§8) and issue 5 written as plainly as possible — lists,
/// LINQ, sums recomputed from scratch (held is the sum of open holds, velocity the sum of today's
/// approvals). It shares nothing with the engine but the request and command structs.
/// </summary>
internal sealed class SpecModel
{
    private const long AmountMax = 999_999_999_999;

    private Dictionary<long, long> _posted = [];
    private Dictionary<long, ModelCard> _cards = [];
    private Dictionary<TransactionKey, ModelHold> _holds = [];
    private List<ModelVelocityEntry> _velocity = [];
    private Dictionary<(RequestKind, TransactionKey), ModelAnswer> _answers = [];

    public IReadOnlyDictionary<long, long> Posted => _posted;

    public IReadOnlyDictionary<TransactionKey, ModelHold> Holds => _holds;

    public IEnumerable<ModelCard> Cards => _cards.Values;

    public void AddAccount(long id, long posted) => _posted[id] = posted;

    public void AddCard(ModelCard card) => _cards[card.Id] = card;

    public long Held(long accountId) => _holds.Values.Where(h => _cards[h.CardId].AccountId == accountId).Sum(h => h.AmountMinor);

    public long Available(long accountId) => _posted[accountId] - Held(accountId);

    public static DateOnly TokyoDate(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(9)).DateTime);

    public (long Amount, int Count) Daily(long cardId, DateTimeOffset now)
    {
        var today = TokyoDate(now);
        var entries = _velocity.Where(e => e.CardId == cardId && e.TokyoDate == today).ToList();
        return (entries.Sum(e => e.AmountMinor), entries.Count(e => e.Counted));
    }

    public long Monthly(long cardId, DateTimeOffset now)
    {
        var today = TokyoDate(now);
        return _velocity.Where(e => e.CardId == cardId && e.TokyoDate.Year == today.Year && e.TokyoDate.Month == today.Month).Sum(e => e.AmountMinor);
    }

    public SpecModel Clone()
    {
        var copy = new SpecModel
        {
            _posted = new Dictionary<long, long>(_posted),
            _cards = _cards.ToDictionary(c => c.Key, c => c.Value.Clone()),
        };
        var entries = _velocity.ToDictionary(e => e, e => new ModelVelocityEntry { CardId = e.CardId, TokyoDate = e.TokyoDate, AmountMinor = e.AmountMinor, Counted = e.Counted });
        copy._velocity = [.. _velocity.Select(e => entries[e])];
        copy._holds = _holds.ToDictionary(h => h.Key, h => new ModelHold { CardId = h.Value.CardId, AmountMinor = h.Value.AmountMinor, DecidedOnBillingAmount = h.Value.DecidedOnBillingAmount, Entry = entries[h.Value.Entry] });
        copy._answers = new Dictionary<(RequestKind, TransactionKey), ModelAnswer>(_answers);
        return copy;
    }

    // ---- Network requests ----

    public ModelAnswer Decide(AuthorizationRequest request, DateTimeOffset now)
    {
        if (_answers.TryGetValue((request.Kind, request.Key), out var earlier))
        {
            return earlier with { IsRetransmission = true };
        }

        var answer = request.Kind switch
        {
            RequestKind.Authorization => Authorize(request, now),
            RequestKind.Advice => Advise(request, now),
            _ => Reverse(request),
        };
        if (answer.RecordProduced)
        {
            answer = answer with { CardIdForReversal = request.PanLuhnValid || request.Kind != RequestKind.Authorization ? CardOf(request)?.Id ?? 0 : 0 };
            _answers[(request.Kind, request.Key)] = answer;
        }

        return answer;
    }

    private ModelCard? CardOf(AuthorizationRequest request) => _cards.Values.FirstOrDefault(c => c.Key == request.CardKey);

    private static ModelAnswer Declined(ResponseCode code) => new(code, 0, false, 0, false, true);

    private ModelAnswer Authorize(AuthorizationRequest request, DateTimeOffset now)
    {
        int[] supported = [0, 1, 20, 30];
        if (!supported.Contains(request.De3ProcessingCode))
        {
            return Declined(ResponseCode.InvalidTransaction);
        }

        var card = CardOf(request);
        if (card is null || !request.PanLuhnValid)
        {
            return Declined(ResponseCode.InvalidCardNumber);
        }

        var today = TokyoDate(now);
        var expiryYear = 2000 + (request.De14ExpiryYymm / 100);
        var expiryMonth = request.De14ExpiryYymm % 100;
        var expiredByDate = expiryMonth is < 1 or > 12 || (expiryYear * 12) + expiryMonth < (today.Year * 12) + today.Month;
        if (request.De14ExpiryYymm != card.Expiry || expiredByDate)
        {
            return Declined(ResponseCode.ExpiredCard);
        }

        switch (card.Status)
        {
            case CardStatus.Lost:
                return Declined(ResponseCode.LostCard);
            case CardStatus.Stolen:
                return Declined(ResponseCode.StolenCard);
            case CardStatus.Frozen or CardStatus.Closed:
                return Declined(ResponseCode.RestrictedCard);
        }

        if (request.De3ProcessingCode == 30)
        {
            return new ModelAnswer(ResponseCode.Approved, 0, true, Available(card.AccountId), true, true);
        }

        var amount = request.HasDe6 ? request.De6BillingAmountMinor : request.De4AmountMinor;
        if (amount <= 0 || amount > AmountMax || request.De4AmountMinor <= 0 || request.De4AmountMinor > AmountMax)
        {
            return Declined(ResponseCode.InvalidAmount);
        }

        if (request.De3ProcessingCode == 20)
        {
            return new ModelAnswer(ResponseCode.Approved, amount, true, Available(card.AccountId), true, true);
        }

        var cash = request.De3ProcessingCode == 1 || request.De18Mcc is 6010 or 6011;
        var ecommerce = request.De22PosEntryMode == 81 || (request.HasDe25 && request.De25PosConditionCode == 59);
        var international = request.De19CountryCode != 392;
        if (card.BlockedMccs.Contains(request.De18Mcc) || (cash && !card.AllowCash) || (ecommerce && !card.AllowEcommerce) || (international && !card.AllowInternational))
        {
            return Declined(ResponseCode.NotPermitted);
        }

        var (dailyAmount, dailyCount) = Daily(card.Id, now);
        if (amount > card.PerTransactionLimitMinor || dailyAmount + amount > card.DailyLimitMinor || Monthly(card.Id, now) + amount > card.MonthlyLimitMinor)
        {
            return Declined(ResponseCode.ExceedsAmountLimit);
        }

        if (dailyCount + 1 > card.DailyCountMax)
        {
            return Declined(ResponseCode.ExceedsFrequencyLimit);
        }

        var available = Available(card.AccountId);
        var code = ResponseCode.Approved;
        var approved = amount;
        if (amount > available)
        {
            if (!request.PartialApprovalSupported || available <= 0)
            {
                return Declined(ResponseCode.InsufficientFunds);
            }

            code = ResponseCode.PartialApproval;
            approved = available;
        }

        if (_holds.ContainsKey(request.Key))
        {
            return new ModelAnswer(ResponseCode.IssuerUnavailable, 0, false, 0, false, false);
        }

        var entry = new ModelVelocityEntry { CardId = card.Id, TokyoDate = today, AmountMinor = approved, Counted = true };
        _velocity.Add(entry);
        _holds[request.Key] = new ModelHold { CardId = card.Id, AmountMinor = approved, DecidedOnBillingAmount = request.HasDe6, Entry = entry };
        return new ModelAnswer(code, approved, true, Available(card.AccountId), true, true);
    }

    private ModelAnswer Advise(AuthorizationRequest request, DateTimeOffset now)
    {
        var acknowledged = new ModelAnswer(ResponseCode.Approved, 0, false, 0, false, true);
        var card = CardOf(request);
        if (card is null || !request.PanLuhnValid || request.De3ProcessingCode is not (0 or 1))
        {
            return acknowledged;
        }

        var approvedByNetwork = request.AdviceResponseCode is ResponseCode.Approved or ResponseCode.PartialApproval;
        var amount = approvedByNetwork ? Math.Clamp(request.HasDe6 ? request.De6BillingAmountMinor : request.De4AmountMinor, 0, AmountMax) : 0;
        if (_holds.TryGetValue(request.Key, out var hold))
        {
            if (hold.CardId == card.Id)
            {
                hold.AmountMinor = amount;
                hold.Entry.AmountMinor = amount;
                hold.Entry.Counted = amount > 0;
            }
        }
        else if (amount > 0)
        {
            var entry = new ModelVelocityEntry { CardId = card.Id, TokyoDate = TokyoDate(now), AmountMinor = amount, Counted = true };
            _velocity.Add(entry);
            _holds[request.Key] = new ModelHold { CardId = card.Id, AmountMinor = amount, DecidedOnBillingAmount = request.HasDe6, Entry = entry };
        }

        return acknowledged;
    }

    private ModelAnswer Reverse(AuthorizationRequest request)
    {
        var done = new ModelAnswer(ResponseCode.Approved, 0, false, 0, false, true);
        var card = CardOf(request);
        if (card is null)
        {
            return Declined(ResponseCode.UnableToLocateOriginal);
        }

        if (!_holds.TryGetValue(request.OriginalKey, out var hold) || hold.CardId != card.Id)
        {
            var knownApproval = _answers.TryGetValue((RequestKind.Authorization, request.OriginalKey), out var original)
                && original.Code is ResponseCode.Approved or ResponseCode.PartialApproval
                && original.CardIdForReversal == card.Id;
            return knownApproval ? done : Declined(ResponseCode.UnableToLocateOriginal);
        }

        var target = !request.HasDe95 ? 0 : hold.DecidedOnBillingAmount ? request.De95ReplacementBillingAmountMinor : request.De95ReplacementAmountMinor;
        if (target < hold.AmountMinor)
        {
            hold.AmountMinor = target;
            hold.Entry.AmountMinor = target;
            hold.Entry.Counted = target > 0;
        }

        return done;
    }

    // ---- Commands ----

    public ModelAnswer Execute(AccountCommand command)
    {
        var code = command.Kind switch
        {
            AccountCommandKind.Deposit => Deposit(command),
            AccountCommandKind.Withdrawal => Withdraw(command),
            AccountCommandKind.ClearingPosting => Clear(command),
            AccountCommandKind.HoldExpiry => Expire(command),
            AccountCommandKind.CardStatusChange => ChangeCard(command, c => c.Status = command.Status),
            AccountCommandKind.CardControlsChange => ChangeCard(command, c => c.SetControls(command.Controls)),
            _ => ResponseCode.InvalidTransaction,
        };
        return new ModelAnswer(code, 0, false, 0, false, code == ResponseCode.Approved);
    }

    private ResponseCode Deposit(AccountCommand command)
    {
        if (command.AmountMinor is <= 0 or > AmountMax)
        {
            return ResponseCode.InvalidAmount;
        }

        if (!_posted.ContainsKey(command.AccountId))
        {
            return ResponseCode.InvalidCardNumber;
        }

        _posted[command.AccountId] += command.AmountMinor;
        return ResponseCode.Approved;
    }

    private ResponseCode Withdraw(AccountCommand command)
    {
        if (command.AmountMinor is <= 0 or > AmountMax)
        {
            return ResponseCode.InvalidAmount;
        }

        if (!_posted.ContainsKey(command.AccountId))
        {
            return ResponseCode.InvalidCardNumber;
        }

        if (command.AmountMinor > Available(command.AccountId))
        {
            return ResponseCode.InsufficientFunds;
        }

        _posted[command.AccountId] -= command.AmountMinor;
        return ResponseCode.Approved;
    }

    private ResponseCode Clear(AccountCommand command)
    {
        if (command.AmountMinor is > AmountMax or < -AmountMax)
        {
            return ResponseCode.InvalidAmount;
        }

        if (!_posted.ContainsKey(command.AccountId))
        {
            return ResponseCode.InvalidCardNumber;
        }

        if (command.HasHoldKey && _holds.TryGetValue(command.HoldKey, out var hold) && _cards[hold.CardId].AccountId == command.AccountId)
        {
            _holds.Remove(command.HoldKey);
        }

        _posted[command.AccountId] += command.AmountMinor;
        return ResponseCode.Approved;
    }

    private ResponseCode Expire(AccountCommand command)
    {
        if (!_posted.ContainsKey(command.AccountId))
        {
            return ResponseCode.InvalidCardNumber;
        }

        if (!_holds.TryGetValue(command.HoldKey, out var hold) || _cards[hold.CardId].AccountId != command.AccountId)
        {
            return ResponseCode.UnableToLocateOriginal;
        }

        _holds.Remove(command.HoldKey);
        return ResponseCode.Approved;
    }

    private ResponseCode ChangeCard(AccountCommand command, Action<ModelCard> change)
    {
        if (command.Kind == AccountCommandKind.CardStatusChange && !Enum.IsDefined(command.Status))
        {
            return ResponseCode.InvalidTransaction;
        }

        if (!_cards.TryGetValue(command.CardId, out var card))
        {
            return ResponseCode.InvalidCardNumber;
        }

        change(card);
        return ResponseCode.Approved;
    }
}
