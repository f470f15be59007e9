using BenchmarkDotNet.Attributes;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Benchmarks.Decisions;

/// <summary>
/// Issue 5: an approve and a decline decision with a million cards in memory — goal ≤ 150 ns and 0 B
/// each. The measured method is the synchronous core (<see cref="EnginePartition.Decide"/>): card
/// lookup, the rules, the hold, velocity, approval code, recent answer and the journal record. Every
/// invocation is a different card (in a shuffled order, so the card table is not walked in memory order)
/// and a new transaction key; the records are written into a preallocated array, and the iteration
/// cleanup undoes them so every iteration starts from the loaded state. Setup is outside the measurement.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private const int Cards = 1_000_000;

    /// <summary>Decisions per iteration: each needs a fresh key and a free hold slot, and is undone after the iteration.</summary>
    private const int InvocationsPerIteration = 500_000;

    private const long BalanceMinor = 10_000_000;

    private EnginePartition _core = null!;
    private AuthorizationRequest[] _approvals = null!;
    private AuthorizationRequest[] _declines = null!;
    private JournalRecord[] _records = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var options = new EngineOptions
        {
            PartitionCount = 1,
            CardsMax = Cards,
            AccountsMax = Cards,
            HoldsPerPartitionMax = InvocationsPerIteration + 1,
            RecentAnswersPerPartitionMax = InvocationsPerIteration + 2,
            UncommittedPerPartitionMax = 1,
        };
        var state = new EngineState(options);
        for (var id = 1; id <= Cards; id++)
        {
            state.LoadAccount(id, BalanceMinor);
            state.LoadCard(id, CardKey(id), id, CardStatus.Active, 2812, CardControls.Default);
        }

        var engine = new AuthorizationEngine(state, new NoJournal(), epoch: 1, TimeProvider.System);
        _core = engine.Partition(0);
        var order = new int[Cards];
        for (var i = 0; i < Cards; i++)
        {
            order[i] = i + 1;
        }

        new Random(20261124).Shuffle(order);
        _approvals = new AuthorizationRequest[InvocationsPerIteration];
        _declines = new AuthorizationRequest[InvocationsPerIteration];
        for (var i = 0; i < InvocationsPerIteration; i++)
        {
            _approvals[i] = Purchase(order[i], 1_200, i + 1);
            _declines[i] = Purchase(order[i], BalanceMinor + 1, i + 1);
        }

        _records = new JournalRecord[InvocationsPerIteration];
    }

    [IterationCleanup]
    public void UndoIteration()
    {
        for (var i = _next - 1; i >= 0; i--)
        {
            _core.Undo(in _records[i]);
        }

        _next = 0;
    }

    [Benchmark]
    [InvocationCount(InvocationsPerIteration)]
    public ResponseCode Approve()
    {
        var i = _next++;
        _core.Decide(in _approvals[i], out var outcome, out _records[i]);
        return outcome.ResponseCode;
    }

    [Benchmark]
    [InvocationCount(InvocationsPerIteration)]
    public ResponseCode DeclineInsufficientFunds()
    {
        var i = _next++;
        _core.Decide(in _declines[i], out var outcome, out _records[i]);
        return outcome.ResponseCode;
    }

    private static UInt128 CardKey(long cardId) => new((ulong)cardId * 0x9E3779B97F4A7C15UL, (ulong)cardId);

    private static AuthorizationRequest Purchase(int cardId, long amountMinor, int stan) => new()
    {
        Kind = RequestKind.Authorization,
        De3ProcessingCode = 0,
        De4AmountMinor = amountMinor,
        De49CurrencyCode = 392,
        De14ExpiryYymm = 2812,
        De18Mcc = 5499,
        De19CountryCode = 392,
        De22PosEntryMode = 5,
        Key = new TransactionKey(123456, stan, 1124120000),
        PanHash = AuthorizationRequest.PanHashFromCardKey(CardKey(cardId)),
        PanLuhnValid = true,
    };

    private sealed class NoJournal : IJournalCommitter
    {
        public ValueTask CommitAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
