using System.Diagnostics;
using System.Threading.Channels;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;

namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// The one ordered writer of a partition: consumes the partition's bounded queue on a single task,
/// decides each command through <see cref="EnginePartition"/>, keeps the records not yet committed (its
/// undo log) and hands them to the journal. Undo also runs here, so the partition's state is only ever
/// touched by this task.
/// <para>
/// It takes up to <see cref="EngineOptions.DecisionBatchMax"/> queued items at a time as one group: it
/// reads the clock once for the group, prefetches the group's card slots, answer and hold slots, then
/// (once those lines are on their way) its accounts, and only then decides the items one by one in
/// queue order — so the group's cache misses overlap instead of following one another, while every
/// decision sees exactly the state the previous one left, as before.
/// </para>
/// </summary>
internal sealed class PartitionWorker
{
    private readonly Channel<PartitionCommand> _queue;
    private readonly PartitionCommand[] _group;
    private readonly JournalRecord[] _uncommitted;
    private readonly AuthorizationEngine _engine;
    private int _uncommittedStart;
    private int _uncommittedCount;

    // A balance watch in progress (writer only): the accounts records changed since its snapshot.
    private HashSet<long>? _watchChanged;

    // Written by the journal loop, read here.
    private long _committedThrough;
    private int _undoRequested;

    // Written here, read by the journal loop.
    private long _undoneThrough;
    private int _finished;

    public PartitionWorker(EnginePartition partition, EngineOptions options, AuthorizationEngine engine)
    {
        Partition = partition;
        _engine = engine;
        _uncommitted = new JournalRecord[options.UncommittedPerPartitionMax];
        _group = new PartitionCommand[options.DecisionBatchMax];
        _queue = Channel.CreateBounded<PartitionCommand>(new BoundedChannelOptions(options.PartitionQueueMax)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    public EnginePartition Partition { get; }

    /// <summary>Every record of this partition up to this sequence number was undone; the journal drops them.</summary>
    public long UndoneThrough => Volatile.Read(ref _undoneThrough);

    /// <summary>Every record of this partition up to this sequence number is durable.</summary>
    public long CommittedThrough => Volatile.Read(ref _committedThrough);

    /// <summary>For diagnostics in tests.</summary>
    public string Describe() =>
        $"queue {_queue.Reader.Count} uncommitted {_uncommittedCount} committed {Volatile.Read(ref _committedThrough)} undone {UndoneThrough} undoRequested {Volatile.Read(ref _undoRequested)} finished {Volatile.Read(ref _finished)} last {Partition.LastSequence}";

    public bool TryEnqueue(in PartitionCommand command) => _queue.Writer.TryWrite(command);

    public ValueTask EnqueueAsync(in PartitionCommand command, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(command, cancellationToken);

    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Journal loop: these records are durable.</summary>
    public void MarkCommitted(long sequence)
    {
        Debug.Assert(sequence >= Volatile.Read(ref _committedThrough), "commits are in order per partition");
        Volatile.Write(ref _committedThrough, sequence);
    }

    /// <summary>Journal loop: undo everything not committed, then call <see cref="AuthorizationEngine.AcknowledgeUndo"/>.</summary>
    public void RequestUndo()
    {
        Volatile.Write(ref _undoRequested, 1);
        // Wake the worker if it waits for work; if the queue is full it is busy and sees the flag anyway.
        _queue.Writer.TryWrite(new PartitionCommand { Kind = PartitionCommandKind.Wake });
        if (Volatile.Read(ref _finished) == 1)
        {
            // The worker has stopped (engine shutting down): nobody else touches the partition now, and
            // the exchange in UndoIfRequested lets exactly one of us do the undo.
            UndoIfRequested();
        }
    }

    public async Task RunAsync()
    {
        try
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                int taken;
                do
                {
                    taken = 0;
                    while (taken < _group.Length && reader.TryRead(out _group[taken]))
                    {
                        taken++;
                    }

                    ProcessGroup(taken);
                }
                while (taken == _group.Length);

                UndoIfRequested();
            }
        }
        catch (Exception exception)
        {
            // A bug: the partition's state can no longer be trusted, so the engine stops accepting.
            _engine.Fail(exception);
            throw;
        }
        finally
        {
            Volatile.Write(ref _finished, 1);
            UndoIfRequested();
        }
    }

    /// <summary>Decides the first <paramref name="count"/> items of the group in order (see the class comment).</summary>
    private void ProcessGroup(int count)
    {
        if (count == 0)
        {
            return;
        }

        // Read after the group was taken from the queue: no item's time is before its arrival.
        var nowUtcTicks = Partition.ReadClock();
        for (var i = 0; i < count; i++)
        {
            if (_group[i].Kind == PartitionCommandKind.Request)
            {
                Partition.PrefetchKeys(in _group[i].Request);
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (_group[i].Kind == PartitionCommandKind.Request)
            {
                Partition.PrefetchAccount(in _group[i].Request);
            }
        }

        for (var i = 0; i < count; i++)
        {
            UndoIfRequested();
            Process(ref _group[i], nowUtcTicks);
            // Drop the references now rather than when the slot is next reused.
            _group[i].Completion = null;
            _group[i].IssueCompletion = null;
            _group[i].Watch = null;
        }
    }

    private void Process(ref PartitionCommand command, long nowUtcTicks)
    {
        if (command.Kind == PartitionCommandKind.Wake)
        {
            return;
        }

        if (command.IssueCompletion is { } issued)
        {
            // A card issued at runtime: no record (the card is durable in the card module already), so
            // it needs no room in the undo log and never waits for a commit.
            issued.Complete(_engine.IsAccepting ? Partition.IssueCard(in command.Command) : CardIssueResult.Unavailable);
            return;
        }

        if (command.Kind is PartitionCommandKind.BeginBalanceWatch or PartitionCommandKind.EndBalanceWatch)
        {
            Watch(in command);
            return;
        }

        if (!_engine.IsAccepting)
        {
            _engine.Metrics.RecordNotAccepting();
            _engine.Answer(command.Completion, command.Correlation, AuthorizationOutcome.Unavailable, KindOf(in command), command.SubmittedTimestamp);
            return;
        }

        TrimCommitted();
        if (_uncommittedCount == _uncommitted.Length)
        {
            // Too far ahead of the journal: refuse rather than queue without bound (STYLE.md limits).
            _engine.Metrics.RecordUncommittedFull();
            _engine.Answer(command.Completion, command.Correlation, AuthorizationOutcome.Unavailable, KindOf(in command), command.SubmittedTimestamp);
            return;
        }

        // Decided straight into the undo log's next slot (counted only if a record is produced), so the
        // record is not copied there from a local first.
        ref var record = ref _uncommitted[(_uncommittedStart + _uncommittedCount) % _uncommitted.Length];
        AuthorizationOutcome outcome;
        try
        {
            if (command.Kind == PartitionCommandKind.Request)
            {
                Partition.Decide(in command.Request, nowUtcTicks, out outcome, out record);
            }
            else
            {
                Partition.Execute(in command.Command, nowUtcTicks, out outcome, out record);
            }
        }
        catch (MoneyInvariantException)
        {
            // A bug: the changes made so far are in the record; take them back and answer 96.
            Partition.Undo(in record);
            outcome = new AuthorizationOutcome(ResponseCode.SystemMalfunction, ApprovalCode.None, 0, 0, false, 0, recordProduced: false, isRetransmission: false);
        }

        if (!outcome.RecordProduced)
        {
            _engine.Answer(command.Completion, command.Correlation, in outcome, KindOf(in command), command.SubmittedTimestamp);
            return;
        }

        if (_watchChanged is not null && (record.PostedDeltaMinor != 0 || record.HeldDeltaMinor != 0))
        {
            _watchChanged.Add(record.AccountId);
        }

        _uncommittedCount++;
        _engine.EnqueueJournal(new JournalEntry
        {
            Record = record,
            Outcome = outcome,
            Completion = command.Completion,
            Correlation = command.Correlation,
            SubmittedTimestamp = command.SubmittedTimestamp,
        });
    }

    private void Watch(in PartitionCommand command)
    {
        var watch = command.Watch!;
        if (command.Kind == PartitionCommandKind.BeginBalanceWatch)
        {
            Partition.CopyBalances(watch);
            _watchChanged = [];
            watch.Done.TrySetResult();
            return;
        }

        watch.Changed = _watchChanged ?? [];
        _watchChanged = null;
        watch.Ended.TrySetResult();
    }

    private static RequestKind KindOf(in PartitionCommand command) =>
        command.Kind == PartitionCommandKind.Request ? command.Request.Kind : default;

    private void TrimCommitted()
    {
        var committed = Volatile.Read(ref _committedThrough);
        while (_uncommittedCount > 0 && _uncommitted[_uncommittedStart].PartitionSequence <= committed)
        {
            _uncommittedStart = (_uncommittedStart + 1) % _uncommitted.Length;
            _uncommittedCount--;
        }
    }

    private void UndoIfRequested()
    {
        if (Interlocked.Exchange(ref _undoRequested, 0) == 0)
        {
            return;
        }

        TrimCommitted();
        // Newest first, so every before-value restored is the one its record saw.
        for (var i = _uncommittedCount - 1; i >= 0; i--)
        {
            ref readonly var record = ref _uncommitted[(_uncommittedStart + i) % _uncommitted.Length];
            Partition.Undo(in record);
            _watchChanged?.Add(record.AccountId);
        }

        _uncommittedStart = 0;
        _uncommittedCount = 0;
        Volatile.Write(ref _undoneThrough, Partition.LastSequence);
        _engine.AcknowledgeUndo();
    }
}
