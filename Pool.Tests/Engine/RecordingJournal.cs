using Pool.Authorization.Engine.Journal;

namespace Pool.Tests.Engine;

/// <summary>A committer that keeps every committed record in memory.</summary>
internal sealed class RecordingJournal : IJournalCommitter
{
    private readonly object _gate = new();
    private readonly List<JournalRecord> _committed = [];

    public IReadOnlyList<JournalRecord> Committed
    {
        get
        {
            lock (_gate)
            {
                return [.. _committed];
            }
        }
    }

    public ValueTask CommitAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _committed.AddRange(batch.Span);
        }

        return ValueTask.CompletedTask;
    }
}
