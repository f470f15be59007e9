using System.Diagnostics;
using System.Threading.Channels;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// The engine's ordered path (issue 5). A request is routed card → account → partition and queued on
/// that partition's single writer; the writer decides it and hands the record to the journal loop, which
/// commits the records of many decisions in one <see cref="IJournalCommitter.CommitAsync"/> and only then
/// releases their answers through <see cref="IDecisionCompletion"/>. A commit that fails or overruns
/// <see cref="EngineOptions.CommitBudgetMs"/> is undone in memory — that batch and every record decided
/// after it — and all of them are answered 91. An epoch rejection does the same and deposes the engine.
/// </summary>
public sealed partial class AuthorizationEngine : IAsyncDisposable
{
    private readonly EngineState _state;
    private readonly EngineOptions _options;
    private readonly IJournalCommitter _committer;
    private readonly TimeProvider _time;
    private readonly PartitionWorker[] _workers;
    private readonly Channel<JournalEntry> _journal;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workerTasks;
    private Task? _journalTask;
    private int _accepting;
    private int _disposed;
    private int _pendingUndoAcknowledgements;
    private volatile int _journalPhase;
    private TaskCompletionSource? _undoDone;

    /// <param name="state">Loaded state; from now on only this engine changes it.</param>
    /// <param name="committer">Where records become durable.</param>
    /// <param name="epoch">The lease epoch passed to every commit (ARCHITECTURE §5).</param>
    /// <param name="time">The clock for decisions (Tokyo day, expiry) and the commit budget.</param>
    public AuthorizationEngine(EngineState state, IJournalCommitter committer, long epoch, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(committer);
        ArgumentNullException.ThrowIfNull(time);
        _state = state;
        _options = state.Options;
        _committer = committer;
        _time = time;
        Epoch = epoch;
        Metrics = new EngineMetrics();
        var codes = new ApprovalCodeGenerator(_options.ApprovalCodeSecret0, _options.ApprovalCodeSecret1);
        _workers = new PartitionWorker[state.PartitionCount];
        _workerTasks = new Task[state.PartitionCount];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new PartitionWorker(new EnginePartition(i, state, time, codes), _options, this);
        }

        // Every record in the journal queue is also in its partition's undo log, so this bound is never hit.
        _journal = Channel.CreateBounded<JournalEntry>(new BoundedChannelOptions(_options.PartitionCount * _options.UncommittedPerPartitionMax)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public long Epoch { get; }

    public EngineState State => _state;

    public EngineMetrics Metrics { get; }

    /// <summary>False once deposed (an epoch rejection) or stopped: every request is then answered 91.</summary>
    public bool IsAccepting => Volatile.Read(ref _accepting) == 1;

    /// <summary>The bug that stopped a partition writer or the journal loop, if any (the engine then stops accepting).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>For diagnostics in tests.</summary>
    internal string Describe() =>
        $"accepting {IsAccepting} journal queue {_journal.Reader.Count} pending undo acks {Volatile.Read(ref _pendingUndoAcknowledgements)} journal task {_journalTask?.Status} phase {_journalPhase}; "
        + string.Join("; ", _workers.Select((w, i) => $"p{i}: {w.Describe()} task {_workerTasks[i]?.Status}"));

    internal void Fail(Exception exception)
    {
        Failure ??= exception;
        Volatile.Write(ref _accepting, 0);
    }

    /// <summary>True after the journal rejected this engine's epoch.</summary>
    public bool IsDeposed { get; private set; }

    /// <summary>The synchronous core of a partition (benchmarks, tests). Not to be called while the engine runs.</summary>
    public EnginePartition Partition(int index) => _workers[index].Partition;

    /// <summary>Starts the partition writers and the journal loop.</summary>
    public void Start() => Start(startWorkers: true);

    /// <summary>Tests start without writers to fill a partition's queue deterministically.</summary>
    internal void Start(bool startWorkers)
    {
        if (Interlocked.CompareExchange(ref _accepting, 1, 0) != 0 || _journalTask is not null)
        {
            throw new InvalidOperationException("The engine is already started.");
        }

        for (var i = 0; i < _workers.Length; i++)
        {
            var worker = _workers[i];
            _workerTasks[i] = !startWorkers ? Task.CompletedTask : Task.Factory.StartNew(worker.RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        _journalTask = Task.Factory.StartNew(RunJournalAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>
    /// Link entry point: queues a decoded request on its account's partition without waiting. The
    /// completion is called exactly once; when the result is not <see cref="SubmitResult.Accepted"/> it has
    /// already been called (with 91) before this returns.
    /// </summary>
    public SubmitResult TrySubmit(in AuthorizationRequest request, IDecisionCompletion completion, long correlation)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var timestamp = Stopwatch.GetTimestamp();
        if (!IsAccepting)
        {
            Metrics.RecordNotAccepting();
            Answer(completion, correlation, AuthorizationOutcome.Unavailable, request.Kind, timestamp);
            return SubmitResult.NotAccepting;
        }

        var worker = _workers[_state.PartitionOfCardKey(request.CardKey)];
        var command = new PartitionCommand
        {
            Kind = PartitionCommandKind.Request,
            Request = request,
            Completion = completion,
            Correlation = correlation,
            SubmittedTimestamp = timestamp,
        };
        if (!worker.TryEnqueue(in command))
        {
            // Spec §6 91: Pool cannot decide in time; answering at once lets the network stand in.
            Metrics.RecordQueueFull();
            Answer(completion, correlation, AuthorizationOutcome.Unavailable, request.Kind, timestamp);
            return SubmitResult.QueueFull;
        }

        return SubmitResult.Accepted;
    }

    /// <summary>
    /// Admin, clearing and job entry point: waits for room in the partition's queue (admin traffic may
    /// wait, the network may not), then for the command's record to be committed. 00 = applied.
    /// </summary>
    public async ValueTask<AuthorizationOutcome> ExecuteAsync(AccountCommand command, CancellationToken cancellationToken)
    {
        if (!IsAccepting)
        {
            return AuthorizationOutcome.Unavailable;
        }

        // A command naming nothing known is still checked by a partition, so its refusal code follows the
        // same order as any other (13 before 14); it changes nothing there.
        var partitionIndex = Math.Max(PartitionOf(in command), 0);

        var completion = new TaskCompletion();
        var queued = new PartitionCommand
        {
            Kind = PartitionCommandKind.Account,
            Command = command,
            Completion = completion,
            SubmittedTimestamp = Stopwatch.GetTimestamp(),
        };
        await _workers[partitionIndex].EnqueueAsync(in queued, cancellationToken).ConfigureAwait(false);
        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a card issued after the load (docs/engine.md "Cards issued at runtime"), without a reload: a
    /// new account is added first (on this thread: no partition can see it before it is published), then
    /// the card joins on its account's partition, between two of that account's decisions. Requests for
    /// other cards are never held up; the card's own requests are answered 14 until this returns.
    /// </summary>
    public async ValueTask<CardIssueResult> IssueCardAsync(CardIssue issue, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(issue.Status))
        {
            throw new ArgumentOutOfRangeException(nameof(issue), issue.Status, "Unknown card status.");
        }

        if (!IsAccepting)
        {
            return CardIssueResult.Unavailable;
        }

        if (!_state.TryGetAccountIndexById(issue.AccountId, out var accountIndex)
            && _state.TryAddAccount(issue.AccountId, issue.AccountPostedMinor, out accountIndex) == StateAddResult.TableFull)
        {
            return CardIssueResult.AccountTableFull;
        }

        var completion = new CardIssueCompletion();
        var queued = new PartitionCommand
        {
            Kind = PartitionCommandKind.Account,
            Command = new AccountCommand
            {
                Kind = AccountCommandKind.CardIssue,
                CardId = issue.CardId,
                CardKey = issue.CardKey,
                AccountId = issue.AccountId,
                Status = issue.Status,
                ExpiryYymm = issue.ExpiryYymm,
                Controls = issue.Controls,
            },
            IssueCompletion = completion,
            SubmittedTimestamp = Stopwatch.GetTimestamp(),
        };
        try
        {
            await _workers[_state.PartitionOfAccount(accountIndex)].EnqueueAsync(in queued, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Stopping: the next load reads the card from the card module.
            return CardIssueResult.Unavailable;
        }

        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The partition that owns the account or card a command names, or −1 when neither is known.</summary>
    public int PartitionOf(in AccountCommand command)
    {
        if (command.Kind is AccountCommandKind.CardStatusChange or AccountCommandKind.CardControlsChange)
        {
            return _state.TryGetCardIndexById(command.CardId, out var cardIndex)
                ? _state.PartitionOfAccount(_state.Card(cardIndex).AccountIndex)
                : -1;
        }

        return _state.TryGetAccountIndexById(command.AccountId, out var accountIndex) ? _state.PartitionOfAccount(accountIndex) : -1;
    }

    /// <summary>
    /// Replays a committed record onto the loaded state (restart: load from SQL, then apply the records
    /// committed after the load). Call before <see cref="Start"/>, in commit order.
    /// </summary>
    public void Apply(in JournalRecord record)
    {
        if (_journalTask is not null)
        {
            throw new InvalidOperationException("Replay happens before the engine starts.");
        }

        _workers[PartitionOfRecord(in record)].Partition.Apply(in record);
    }

    internal int PartitionOfRecord(in JournalRecord record)
    {
        if (record.CardKey != UInt128.Zero)
        {
            return _state.PartitionOfCardKey(record.CardKey);
        }

        var found = _state.TryGetAccountIndexById(record.AccountId, out var accountIndex);
        Debug.Assert(found, "a record without a card key names an account");
        return _state.PartitionOfAccount(accountIndex);
    }

    internal void EnqueueJournal(in JournalEntry entry)
    {
        var written = _journal.Writer.TryWrite(entry);
        Debug.Assert(written, "the journal queue holds every partition's undo log");
        if (!written)
        {
            throw new InvalidOperationException("The journal queue is full although every partition's undo log fits in it.");
        }
    }

    internal void Answer(IDecisionCompletion? completion, long correlation, in AuthorizationOutcome outcome, RequestKind kind, long submittedTimestamp)
    {
        Metrics.RecordAnswer(kind, outcome.ResponseCode, Stopwatch.GetElapsedTime(submittedTimestamp).TotalMilliseconds);
        completion?.OnAnswered(correlation, in outcome);
    }

    internal void AcknowledgeUndo()
    {
        if (Interlocked.Decrement(ref _pendingUndoAcknowledgements) == 0)
        {
            _undoDone?.TrySetResult();
        }
    }

    /// <summary>
    /// Stops accepting, lets the workers and the journal finish what is queued, and waits for them. Also unregisters
    /// the engine's meter, which stays in the process until then. A second call does nothing.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _accepting, 0);
        foreach (var worker in _workers)
        {
            worker.Complete();
        }

        if (_journalTask is not null)
        {
            await Task.WhenAll(_workerTasks).ConfigureAwait(false);
            _journal.Writer.TryComplete();
            await _journalTask.ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
        Metrics.Dispose();
    }

    /// <summary>Completion of an admin command: a task the caller awaits.</summary>
    private sealed class TaskCompletion : IDecisionCompletion
    {
        private readonly TaskCompletionSource<AuthorizationOutcome> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<AuthorizationOutcome> Task => _source.Task;

        public void OnAnswered(long correlation, in AuthorizationOutcome outcome) => _source.TrySetResult(outcome);
    }
}
