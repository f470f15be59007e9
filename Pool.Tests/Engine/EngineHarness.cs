using Microsoft.Extensions.Time.Testing;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>
/// A small loaded engine for rule tests: cards 1..N on accounts 1..N (card i on account i), each account
/// with <see cref="Balance"/> posted, all cards active, expiring <see cref="Expiry"/>, default controls.
/// The clock stands at 2026-11-24 12:00 JST. Decisions go through the synchronous core of partition 0
/// (one partition), so tests read like the spec without threads.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public const long Balance = 100_000;
    public const short Expiry = 2812;

    /// <summary>2026-11-24 03:00 UTC = 12:00 in Tokyo.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    private int _stan;

    public EngineHarness(int cards = 4, int partitions = 1, Action<EngineOptions>? configure = null, IJournalCommitter? committer = null)
    {
        Options = new EngineOptions
        {
            PartitionCount = partitions,
            CardsMax = Math.Max(cards, 1),
            AccountsMax = Math.Max(cards, 1),
            HoldsPerPartitionMax = 4096,
            RecentAnswersPerPartitionMax = 8192,
            UncommittedPerPartitionMax = 1024,
            PartitionQueueMax = 256,
            JournalBatchMax = 64,
            CommitBudgetMs = 2000,
        };
        configure?.Invoke(Options);
        Clock = new FakeTimeProvider(Start);
        State = Load(Options, cards);
        Journal = committer ?? new RecordingJournal();
        Engine = new AuthorizationEngine(State, Journal, epoch: 1, Clock);
    }

    public EngineOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public EngineState State { get; }

    public IJournalCommitter Journal { get; }

    public AuthorizationEngine Engine { get; }

    public EnginePartition Core => Engine.Partition(0);

    /// <summary>The records produced by <see cref="Decide"/> and <see cref="Execute"/>, in order.</summary>
    public List<JournalRecord> Records { get; } = [];

    public static UInt128 CardKey(long cardId) => new((ulong)cardId * 0x9E3779B97F4A7C15UL, (ulong)cardId);

    public static EngineState Load(EngineOptions options, int cards)
    {
        var state = new EngineState(options);
        for (var id = 1; id <= cards; id++)
        {
            state.LoadAccount(id, Balance);
            state.LoadCard(id, CardKey(id), id, CardStatus.Active, Expiry, CardControls.Default);
        }

        return state;
    }

    public TransactionKey NextKey() => new(123456, ++_stan, 1124120000);

    public AuthorizationRequest Purchase(long cardId, long amountMinor, TransactionKey? key = null) => new()
    {
        Kind = RequestKind.Authorization,
        De3ProcessingCode = 0,
        De4AmountMinor = amountMinor,
        De49CurrencyCode = 392,
        De14ExpiryYymm = Expiry,
        De18Mcc = 5499,
        De19CountryCode = 392,
        De22PosEntryMode = 5,
        Key = key ?? NextKey(),
        PanHash = AuthorizationRequest.PanHashFromCardKey(CardKey(cardId)),
        PanLuhnValid = true,
    };

    public AuthorizationRequest Reversal(long cardId, TransactionKey original, long? replacementMinor = null, RequestKind kind = RequestKind.Reversal) => new()
    {
        Kind = kind,
        De3ProcessingCode = 0,
        De49CurrencyCode = 392,
        Key = NextKey(),
        OriginalKey = original,
        HasDe95 = replacementMinor.HasValue,
        De95ReplacementAmountMinor = replacementMinor ?? 0,
        PanHash = AuthorizationRequest.PanHashFromCardKey(CardKey(cardId)),
        PanLuhnValid = true,
    };

    public AuthorizationRequest Advice(long cardId, long amountMinor, ResponseCode networkDecision, TransactionKey? key = null) => Purchase(cardId, amountMinor, key) with
    {
        Kind = RequestKind.Advice,
        AdviceResponseCode = networkDecision,
        AdviceApprovalCode = ApprovalCode.FromString("NET001"),
    };

    public AuthorizationOutcome Decide(in AuthorizationRequest request)
    {
        Core.Decide(in request, out var outcome, out var record);
        if (outcome.RecordProduced)
        {
            Records.Add(record);
        }

        return outcome;
    }

    public AuthorizationOutcome Execute(in AccountCommand command)
    {
        Core.Execute(in command, out var outcome, out var record);
        if (outcome.RecordProduced)
        {
            Records.Add(record);
        }

        return outcome;
    }

    public (long Posted, long Held) Balances(long accountId)
    {
        State.TryGetBalance(accountId, out var posted, out var held);
        return (posted, held);
    }

    public HoldState? Hold(long accountId, TransactionKey key) => State.TryGetHold(accountId, key, out var hold) ? hold : null;

    public CardVelocity Velocity(long cardId)
    {
        State.TryGetCard(cardId, out _, out _, out var velocity, out _);
        return velocity;
    }

    public void SetControls(long cardId, CardControls controls) =>
        Assert.That(Execute(new AccountCommand { Kind = AccountCommandKind.CardControlsChange, CardId = cardId, Controls = controls }).ResponseCode, Is.EqualTo(ResponseCode.Approved));

    public void SetStatus(long cardId, CardStatus status) =>
        Assert.That(Execute(new AccountCommand { Kind = AccountCommandKind.CardStatusChange, CardId = cardId, Status = status }).ResponseCode, Is.EqualTo(ResponseCode.Approved));

    /// <summary>A fresh engine loaded the same way, with <paramref name="records"/> replayed onto it.</summary>
    public EngineStateSnapshot Replay(IEnumerable<JournalRecord> records)
    {
        var state = Load(Options, State.CardCount);
        var engine = new AuthorizationEngine(state, new RecordingJournal(), epoch: 1, Clock);
        try
        {
            foreach (var record in records)
            {
                engine.Apply(record);
            }

            return state.Snapshot();
        }
        finally
        {
            // Never started, so this completes at once; it unregisters the engine's meter.
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Disposes the engine. Every engine registers a meter in the process until it is disposed, and each host a
    /// later test starts subscribes to every live one: undisposed engines made the test run slower and slower.
    /// </summary>
    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
