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
/// <para>
/// <see cref="Approve"/> and <see cref="DeclineInsufficientFunds"/> decide one request per call and read
/// the clock for it (the partition worker at low load: a group of one). The <c>…Batched</c> methods decide
/// <see cref="BatchSize"/> requests per call through <see cref="EnginePartition.DecideBatch"/>: one clock
/// read, the group's memory prefetched, then the decisions in order (the worker under load); BenchmarkDotNet
/// divides by <see cref="BatchSize"/>, so their figure is per decision too.
/// </para>
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private const int CardsDefault = 1_000_000;

    /// <summary>Mode of the benchmark program: <c>decisions-profile [approve|decline] decisions cards</c>, a plain loop for callgrind.</summary>
    public const string ProfileMode = "decisions-profile";

    /// <summary>Decisions per iteration: each needs a fresh key and a free hold slot, and is undone after the iteration.</summary>
    private const int InvocationsPerIteration = 500_000;

    private const long BalanceMinor = 10_000_000;

    /// <summary>Requests per <see cref="EnginePartition.DecideBatch"/> call: the worker's default group (<see cref="EngineOptions.DecisionBatchMax"/>).</summary>
    public const int BatchSize = 16;

    private EngineState _state = null!;
    private EnginePartition _core = null!;
    private AuthorizationRequest[] _approvals = null!;
    private AuthorizationRequest[] _declines = null!;
    private JournalRecord[] _records = null!;
    private AuthorizationOutcome[] _outcomes = null!;
    private int _next;
    private int _cards = CardsDefault;

    /// <summary>
    /// A plain loop over <see cref="Approve"/> or <see cref="DeclineInsufficientFunds"/> for an instruction
    /// profiler (valgrind's callgrind counts instructions, which the neighbours' load does not change):
    /// run it with two decision counts and divide the difference of the totals by the difference of the
    /// counts, so setup and JIT cancel out (docs/benchmarks-engine.md).
    /// </summary>
    public static int RunProfile(string[] args)
    {
        var decline = args.Length > 0 && args[0].StartsWith("decline", StringComparison.Ordinal);
        var batched = args.Length > 0 && args[0].EndsWith("-batched", StringComparison.Ordinal);
        var decisions = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var benchmark = new DecisionBenchmarks { _cards = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000 };
        if (decisions < 0 || decisions > Math.Min(InvocationsPerIteration, benchmark._cards) || decisions % BatchSize != 0)
        {
            Console.Error.WriteLine($"decisions in [0, {InvocationsPerIteration}], at most one per card, a multiple of {BatchSize}");
            return 2;
        }

        benchmark.Setup();
        if (Environment.GetEnvironmentVariable("POOL_BENCH_HUGE_PAGES") == "1")
        {
            // The tables' huge-page backing after the load (docs/benchmarks-engine.md), then exit.
            var state = benchmark._state;
            Console.WriteLine(HugePageReport.Describe("card hot rows", state.Cards.Slots.Address, state.Cards.Slots.Bytes));
            Console.WriteLine(HugePageReport.Describe("accounts", state.Accounts.Address, state.Accounts.Bytes));
            Console.WriteLine(HugePageReport.Describe("holds", state.Partition(0).Holds.Slots.Address, state.Partition(0).Holds.Slots.Bytes));
            Console.WriteLine(HugePageReport.Describe("recent answers", state.Partition(0).RecentAnswers.Slots.Address, state.Partition(0).RecentAnswers.Slots.Bytes));
            return 0;
        }

        // For the timing printed below (not for callgrind, whose two-count difference cancels this anyway):
        // POOL_BENCH_WARM=1 runs one untimed pass first (JIT, first touches), undone; POOL_BENCH_REPEAT=n runs
        // n such passes, so a sampling profiler (perf) sees mostly decisions rather than the setup.
        var untimed = Environment.GetEnvironmentVariable("POOL_BENCH_WARM") == "1" ? 1 : 0;
        if (int.TryParse(Environment.GetEnvironmentVariable("POOL_BENCH_REPEAT"), System.Globalization.CultureInfo.InvariantCulture, out var repeat))
        {
            untimed = Math.Max(repeat, 0);
        }

        for (var pass = 0; pass < untimed; pass++)
        {
            RunLoop(benchmark, decisions, decline, batched);
            benchmark.UndoIteration();
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpuStarted = Environment.CpuUsage.TotalTime;
        var approved = RunLoop(benchmark, decisions, decline, batched);

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var cpu = Environment.CpuUsage.TotalTime - cpuStarted;
        // Wall and process CPU time of the loop alone: a quick comparison, not BenchmarkDotNet's figure (one
        // run, no warm-up); CPU time leaves out waiting for a core on a loaded machine.
        var perDecision = Math.Max(decisions, 1);
        Console.WriteLine($"{decisions} decisions, {approved} approved, {elapsed.TotalNanoseconds / perDecision:F1} ns wall, {cpu.TotalNanoseconds / perDecision:F1} ns CPU per decision (loop)");
        return 0;
    }

    private static int RunLoop(DecisionBenchmarks benchmark, int decisions, bool decline, bool batched)
    {
        var approved = 0;
        for (var i = 0; i < decisions; i += batched ? BatchSize : 1)
        {
            var code = (decline, batched) switch
            {
                (false, false) => benchmark.Approve(),
                (true, false) => benchmark.DeclineInsufficientFunds(),
                (false, true) => benchmark.ApproveBatched(),
                (true, true) => benchmark.DeclineInsufficientFundsBatched(),
            };
            approved += code == ResponseCode.Approved ? (batched ? BatchSize : 1) : 0;
        }

        return approved;
    }

    [GlobalSetup]
    public void Setup()
    {
        var options = new EngineOptions
        {
            PartitionCount = 1,
            CardsMax = _cards,
            AccountsMax = _cards,
            HoldsPerPartitionMax = InvocationsPerIteration + 1,
            RecentAnswersPerPartitionMax = InvocationsPerIteration + 2,
            UncommittedPerPartitionMax = 1,
            // POOL_BENCH_ADVISE_HUGE_PAGES=0 measures the tables on 4 KiB pages (docs/benchmarks-engine.md).
            AdviseHugePages = Environment.GetEnvironmentVariable("POOL_BENCH_ADVISE_HUGE_PAGES") != "0",
        };
        var state = new EngineState(options);
        for (var id = 1; id <= _cards; id++)
        {
            state.LoadAccount(id, BalanceMinor);
            state.LoadCard(id, CardKey(id), id, CardStatus.Active, 2812, CardControls.Default);
        }

        _state = state;
        var engine = new AuthorizationEngine(state, new NoJournal(), epoch: 1, TimeProvider.System);
        _core = engine.Partition(0);
        var order = new int[_cards];
        for (var i = 0; i < _cards; i++)
        {
            order[i] = i + 1;
        }

        new Random(20261124).Shuffle(order);
        var requests = Math.Min(InvocationsPerIteration, _cards);
        _approvals = new AuthorizationRequest[requests];
        _declines = new AuthorizationRequest[requests];
        for (var i = 0; i < requests; i++)
        {
            _approvals[i] = Purchase(order[i], 1_200, i + 1);
            _declines[i] = Purchase(order[i], BalanceMinor + 1, i + 1);
        }

        _records = new JournalRecord[requests];
        // Touch every page of the records now: a fresh array's pages fault in on first write, which would
        // land in the first measured iteration instead of the setup.
        Array.Fill(_records, default);
        _outcomes = new AuthorizationOutcome[BatchSize];
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

    [Benchmark(OperationsPerInvoke = BatchSize)]
    [InvocationCount(InvocationsPerIteration / BatchSize)]
    public ResponseCode ApproveBatched()
    {
        var i = _next;
        _next += BatchSize;
        _core.DecideBatch(_approvals.AsSpan(i, BatchSize), _outcomes, _records.AsSpan(i, BatchSize));
        return _outcomes[BatchSize - 1].ResponseCode;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    [InvocationCount(InvocationsPerIteration / BatchSize)]
    public ResponseCode DeclineInsufficientFundsBatched()
    {
        var i = _next;
        _next += BatchSize;
        _core.DecideBatch(_declines.AsSpan(i, BatchSize), _outcomes, _records.AsSpan(i, BatchSize));
        return _outcomes[BatchSize - 1].ResponseCode;
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
