using Pool.Authorization.Engine.Journal;

namespace Pool.Tests.Link;

/// <summary>A journal whose commits wait until the test opens the gate: requests stay in flight meanwhile.</summary>
internal sealed class GatedJournal : IJournalCommitter
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _records;

    public int RecordsSeen => Volatile.Read(ref _records);

    public void Open() => _gate.TrySetResult();

    public async ValueTask CommitAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _records, batch.Length);
        await _gate.Task.WaitAsync(cancellationToken);
    }
}
