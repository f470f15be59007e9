using Pool.Authorization.Engine.Journal;

namespace Pool.Tests.Engine;

/// <summary>What the next commit does (failpoints of the model test and the pipeline tests).</summary>
internal enum JournalFailpoint
{
    None,

    /// <summary>The commit throws: nothing durable.</summary>
    Fail,

    /// <summary>The commit never finishes on its own; it ends when the engine's budget cancels it.</summary>
    Timeout,

    /// <summary>The lease moved on: the commit is rejected for its epoch.</summary>
    RejectEpoch,

    /// <summary>The records become durable, then the process dies before any answer is written.</summary>
    CrashAfterCommit,
}

/// <summary>
/// A journal with failpoints and a gate: while held, commits wait at the gate, so a test can have many
/// decisions pile up behind one commit. Durable records survive engine restarts.
/// </summary>
internal sealed class FaultyJournal : IJournalCommitter
{
    private readonly object _lock = new();
    private readonly List<JournalRecord> _durable = [];
    private TaskCompletionSource _gate = Opened();
    private JournalFailpoint _failpoint;

    public List<JournalRecord> Durable
    {
        get
        {
            lock (_lock)
            {
                return [.. _durable];
            }
        }
    }

    private int _commitsEntered;

    public int CommitsEntered => Volatile.Read(ref _commitsEntered);

    public bool Crashed { get; private set; }

    /// <summary>The next commit (only) meets <paramref name="failpoint"/>.</summary>
    public void Arm(JournalFailpoint failpoint)
    {
        lock (_lock)
        {
            _failpoint = failpoint;
        }
    }

    public void Disarm() => Arm(JournalFailpoint.None);

    public void Hold()
    {
        lock (_lock)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _gate.TrySetResult();
        }
    }

    public async ValueTask CommitAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken)
    {
        Task gate;
        JournalFailpoint failpoint;
        lock (_lock)
        {
            // The failpoint belongs to the first commit that enters, even if the engine gives up on it
            // (budget) before it passes the gate.
            failpoint = _failpoint;
            _failpoint = JournalFailpoint.None;
            Interlocked.Increment(ref _commitsEntered);
            gate = _gate.Task;
        }

        await gate.WaitAsync(cancellationToken);

        switch (failpoint)
        {
            case JournalFailpoint.Fail:
                throw new InvalidOperationException("failpoint: commit fails");
            case JournalFailpoint.Timeout:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case JournalFailpoint.RejectEpoch:
                throw new EpochRejectedException();
            case JournalFailpoint.CrashAfterCommit:
                lock (_lock)
                {
                    _durable.AddRange(batch.Span);
                    Crashed = true;
                }

                // The process is gone: whatever the engine does next is never seen by the network.
                throw new InvalidOperationException("failpoint: crash after commit");
            default:
                lock (_lock)
                {
                    _durable.AddRange(batch.Span);
                }

                break;
        }
    }

    private static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
