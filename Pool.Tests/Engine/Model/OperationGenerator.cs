using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine.Model;

/// <summary>
/// Random steps from a seed (System.Random(seed): the same seed gives the same run). Keys and cards are
/// drawn so that retransmissions, reversals, advices, clearings and expiries often name real
/// transactions, and sometimes unknown ones.
/// </summary>
internal sealed class OperationGenerator
{
    public const int Cards = 8;
    public const long UnknownCardId = 99;

    private static readonly short[] Mccs = [5499, 5812, 6011, 7995, 4111];
    private static readonly short[] Expiries = [2812, 2812, 2812, 2812, 2812, 2812, 2812, 2812, 2912, 2611, 2510];
    private readonly Random _random;
    private readonly List<AuthorizationRequest> _sent = [];
    private readonly List<(TransactionKey Key, long CardId)> _authorizations = [];
    private int _stan;

    public OperationGenerator(int seed) => _random = new Random(seed);

    /// <summary>Card 7 shares account 1 and card 8 account 2; cards 1–6 have their own accounts.</summary>
    public static long AccountOf(long cardId) => cardId switch { 7 => 1, 8 => 2, _ => cardId };

    public ModelStep Next()
    {
        var roll = _random.Next(100);
        if (roll < 3)
        {
            return new ModelStep([], JournalFailpoint.None, TimeSpan.Zero, Restart: true);
        }

        if (roll < 8)
        {
            var advance = _random.Next(3) switch
            {
                0 => TimeSpan.FromMinutes(_random.Next(1, 120)),
                1 => TimeSpan.FromHours(_random.Next(1, 30)),
                _ => TimeSpan.FromDays(_random.Next(1, 20)),
            };
            return new ModelStep([], JournalFailpoint.None, advance, Restart: false);
        }

        var failRoll = _random.Next(100);
        var failpoint = failRoll switch
        {
            < 6 => JournalFailpoint.Fail,
            < 9 => JournalFailpoint.Timeout,
            < 12 => JournalFailpoint.CrashAfterCommit,
            < 13 => JournalFailpoint.RejectEpoch,
            _ => JournalFailpoint.None,
        };
        var count = failpoint == JournalFailpoint.CrashAfterCommit || _random.Next(100) < 65 ? 1 : _random.Next(2, 6);
        var operations = new List<ModelOperation>(count);
        for (var i = 0; i < count; i++)
        {
            operations.Add(NextOperation());
        }

        return new ModelStep(operations, failpoint, TimeSpan.Zero, Restart: false);
    }

    private TransactionKey NewKey() => new(_random.Next(2) == 0 ? 123456 : 654321, ++_stan, 1124120000 + _random.Next(3));

    private long RandomCard() => _random.Next(100) < 4 ? UnknownCardId : _random.Next(1, Cards + 1);

    private ModelOperation NextOperation()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 36 => Sent(NewAuthorization()),
            < 46 when _sent.Count > 0 => Retransmission(),
            < 58 => Sent(NewReversal()),
            < 66 => Sent(NewAdvice()),
            < 72 => Command(AccountCommandKind.Deposit, new AccountCommand { Kind = AccountCommandKind.Deposit, AccountId = RandomAccount(), AmountMinor = _random.Next(100) < 5 ? 0 : _random.Next(1, 40_000) }),
            < 77 => Command(AccountCommandKind.Withdrawal, new AccountCommand { Kind = AccountCommandKind.Withdrawal, AccountId = RandomAccount(), AmountMinor = _random.Next(1, 60_000) }),
            < 81 => Command(AccountCommandKind.CardStatusChange, new AccountCommand { Kind = AccountCommandKind.CardStatusChange, CardId = RandomCard(), Status = RandomStatus() }),
            < 86 => Command(AccountCommandKind.CardControlsChange, new AccountCommand { Kind = AccountCommandKind.CardControlsChange, CardId = RandomCard(), Controls = RandomControls() }),
            < 94 => Clearing(),
            _ => Expiry(),
        };
    }

    private long RandomAccount() => _random.Next(100) < 4 ? UnknownCardId : _random.Next(1, 7);

    private CardStatus RandomStatus() => _random.Next(10) switch
    {
        < 6 => CardStatus.Active,
        6 => CardStatus.Frozen,
        7 => CardStatus.Lost,
        8 => CardStatus.Stolen,
        _ => CardStatus.Closed,
    };

    private CardControls RandomControls()
    {
        var controls = CardControls.Default;
        if (_random.Next(4) == 0)
        {
            controls.PerTransactionLimitMinor = _random.Next(1_000, 20_000);
        }

        if (_random.Next(4) == 0)
        {
            controls.DailyLimitMinor = _random.Next(5_000, 40_000);
        }

        if (_random.Next(4) == 0)
        {
            controls.MonthlyLimitMinor = _random.Next(10_000, 80_000);
        }

        if (_random.Next(4) == 0)
        {
            controls.DailyCountMax = _random.Next(0, 4);
        }

        if (_random.Next(4) == 0)
        {
            controls.SetBlockedMccs([Mccs[_random.Next(Mccs.Length)], Mccs[_random.Next(Mccs.Length)]]);
        }

        controls.AllowEcommerce = _random.Next(5) != 0;
        controls.AllowInternational = _random.Next(5) != 0;
        controls.AllowCash = _random.Next(5) != 0;
        return controls;
    }

    private ModelOperation Sent(AuthorizationRequest request)
    {
        _sent.Add(request);
        if (request.Kind == RequestKind.Authorization)
        {
            _authorizations.Add((request.Key, CardIdOf(request)));
        }

        return new ModelOperation(request, null, Describe(request));
    }

    private long CardIdOf(AuthorizationRequest request)
    {
        for (long id = 1; id <= Cards; id++)
        {
            if (EngineHarness.CardKey(id) == request.CardKey)
            {
                return id;
            }
        }

        return UnknownCardId;
    }

    private ModelOperation Retransmission()
    {
        var earlier = _sent[_random.Next(_sent.Count)];
        var repeat = earlier with { IsRepeat = true };
        return new ModelOperation(repeat, null, "repeat " + Describe(earlier));
    }

    private AuthorizationRequest NewAuthorization()
    {
        var cardId = RandomCard();
        var processingCode = _random.Next(100) switch
        {
            < 65 => (byte)0,
            < 80 => (byte)1,
            < 88 => (byte)20,
            < 95 => (byte)30,
            _ => (byte)_random.Next(2, 99),
        };
        var amount = _random.Next(100) switch
        {
            < 3 => 0L,
            < 5 => 1_000_000_000_000L,
            < 15 => _random.Next(40_000, 120_000),
            _ => _random.Next(1, 15_000),
        };
        if (processingCode == 30)
        {
            amount = 0;
        }

        var foreign = _random.Next(10) == 0;
        return new AuthorizationRequest
        {
            Kind = RequestKind.Authorization,
            De3ProcessingCode = processingCode,
            De4AmountMinor = foreign && amount > 0 ? Math.Max(1, amount / 150) : amount,
            HasDe6 = foreign,
            De6BillingAmountMinor = foreign ? amount : 0,
            De49CurrencyCode = foreign ? (short)840 : (short)392,
            De51BillingCurrencyCode = foreign ? (short)392 : (short)0,
            De14ExpiryYymm = Expiries[_random.Next(Expiries.Length)],
            De18Mcc = Mccs[_random.Next(Mccs.Length)],
            De19CountryCode = _random.Next(6) == 0 ? (short)840 : (short)392,
            De22PosEntryMode = _random.Next(5) switch { 0 => 81, 1 => 7, _ => 5 },
            HasDe25 = _random.Next(3) == 0,
            De25PosConditionCode = _random.Next(2) == 0 ? (byte)59 : (byte)0,
            PartialApprovalSupported = _random.Next(3) == 0,
            Key = NewKey(),
            PanHash = AuthorizationRequest.PanHashFromCardKey(EngineHarness.CardKey(cardId)),
            PanLuhnValid = _random.Next(100) >= 3,
        };
    }

    private (TransactionKey Key, long CardId) SomeAuthorization() =>
        _authorizations.Count > 0 && _random.Next(100) < 85 ? _authorizations[_random.Next(_authorizations.Count)] : (NewKey(), RandomCard());

    private AuthorizationRequest NewReversal()
    {
        var (original, cardId) = SomeAuthorization();
        if (_random.Next(100) < 5)
        {
            cardId = RandomCard();
        }

        var partial = _random.Next(100) < 40;
        var replacement = _random.Next(0, 15_000);
        return new AuthorizationRequest
        {
            Kind = _random.Next(100) < 25 ? RequestKind.ReversalAdvice : RequestKind.Reversal,
            De3ProcessingCode = 0,
            De49CurrencyCode = 392,
            Key = NewKey(),
            OriginalKey = original,
            HasDe95 = partial,
            De95ReplacementAmountMinor = partial ? replacement : 0,
            De95ReplacementBillingAmountMinor = partial ? replacement : 0,
            PanHash = AuthorizationRequest.PanHashFromCardKey(EngineHarness.CardKey(cardId)),
            PanLuhnValid = true,
        };
    }

    private AuthorizationRequest NewAdvice()
    {
        var (key, cardId) = _random.Next(100) < 50 ? SomeAuthorization() : (NewKey(), RandomCard());
        var approved = _random.Next(100) < 70;
        return new AuthorizationRequest
        {
            Kind = RequestKind.Advice,
            De3ProcessingCode = _random.Next(10) == 0 ? (byte)20 : (byte)0,
            De4AmountMinor = _random.Next(1, 30_000),
            De49CurrencyCode = 392,
            De14ExpiryYymm = 2812,
            De18Mcc = 5499,
            De19CountryCode = 392,
            De22PosEntryMode = 5,
            AdviceResponseCode = approved ? (_random.Next(5) == 0 ? ResponseCode.PartialApproval : ResponseCode.Approved) : ResponseCode.DoNotHonor,
            AdviceApprovalCode = ApprovalCode.FromString("ADV" + _random.Next(100, 999)),
            Key = key,
            PanHash = AuthorizationRequest.PanHashFromCardKey(EngineHarness.CardKey(cardId)),
            PanLuhnValid = true,
        };
    }

    private ModelOperation Clearing()
    {
        var hasHold = _authorizations.Count > 0 && _random.Next(100) < 75;
        var (key, cardId) = hasHold ? _authorizations[_random.Next(_authorizations.Count)] : (default, _random.Next(1, Cards + 1));
        var credit = _random.Next(100) < 15;
        var command = new AccountCommand
        {
            Kind = AccountCommandKind.ClearingPosting,
            AccountId = cardId == UnknownCardId ? UnknownCardId : AccountOf(cardId),
            HasHoldKey = hasHold,
            HoldKey = key,
            AmountMinor = credit ? _random.Next(1, 5_000) : -_random.Next(0, 20_000),
        };
        return Command(AccountCommandKind.ClearingPosting, command);
    }

    private ModelOperation Expiry()
    {
        var (key, cardId) = SomeAuthorization();
        var command = new AccountCommand
        {
            Kind = AccountCommandKind.HoldExpiry,
            AccountId = cardId == UnknownCardId ? UnknownCardId : AccountOf(cardId),
            HoldKey = key,
        };
        return Command(AccountCommandKind.HoldExpiry, command);
    }

    private static ModelOperation Command(AccountCommandKind kind, AccountCommand command) =>
        new(null, command, $"{kind} account {command.AccountId} card {command.CardId} amount {command.AmountMinor} hold {(command.HasHoldKey || kind == AccountCommandKind.HoldExpiry ? command.HoldKey.ToString() : "-")} status {command.Status}");

    private string Describe(AuthorizationRequest request) =>
        $"{request.Kind}{(request.IsRepeat ? " (repeat)" : "")} key {request.Key} card {CardIdOf(request)} pc {request.De3ProcessingCode:D2} de4 {request.De4AmountMinor}"
        + (request.HasDe6 ? $" de6 {request.De6BillingAmountMinor}" : "")
        + (request.Kind is RequestKind.Reversal or RequestKind.ReversalAdvice ? $" original {request.OriginalKey} de95 {(request.HasDe95 ? request.De95ReplacementBillingAmountMinor.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}" : "")
        + (request.Kind == RequestKind.Advice ? $" de39 {(int)request.AdviceResponseCode:D2}" : "")
        + $" exp {request.De14ExpiryYymm} mcc {request.De18Mcc} ctry {request.De19CountryCode} de22 {request.De22PosEntryMode} pa {request.PartialApprovalSupported} luhn {request.PanLuhnValid}";
}
