using System.Diagnostics;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class AuthorizationEngine
{
    /// <summary>
    /// The journal loop: takes whatever is queued (up to <see cref="EngineOptions.JournalBatchMax"/>),
    /// commits it within the budget, then marks it committed and releases the answers. Commits are
    /// sequential, so when one fails, every record not yet committed was decided after the last good
    /// commit: all of them are undone by their partitions and answered 91.
    /// </summary>
    private async Task RunJournalAsync()
    {
        try
        {
            await RunJournalLoopAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(exception);
            throw;
        }
    }

    private async Task RunJournalLoopAsync()
    {
        var entries = new JournalEntry[_options.JournalBatchMax];
        var records = new JournalRecord[_options.JournalBatchMax];
        var reader = _journal.Reader;
        var budget = TimeSpan.FromMilliseconds(_options.CommitBudgetMs);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var count = 0;
            while (count < entries.Length && reader.TryRead(out var entry))
            {
                if (entry.Record.PartitionSequence <= _workers[entry.Record.Partition].UndoneThrough)
                {
                    // Decided before an undo that already took it back.
                    Answer(entry.Completion, entry.Correlation, AuthorizationOutcome.Unavailable, entry.Record.RequestKind, entry.SubmittedTimestamp);
                    continue;
                }

                entries[count] = entry;
                records[count] = entry.Record;
                count++;
            }

            if (count == 0)
            {
                continue;
            }

            _journalPhase = 1;
            var outcome = await CommitAsync(records, count, budget).ConfigureAwait(false);
            if (outcome == CommitOutcome.Committed)
            {
                for (var i = 0; i < count; i++)
                {
                    _workers[entries[i].Record.Partition].MarkCommitted(entries[i].Record.PartitionSequence);
                }

                for (var i = 0; i < count; i++)
                {
                    ref var entry = ref entries[i];
                    Answer(entry.Completion, entry.Correlation, in entry.Outcome, entry.Record.RequestKind, entry.SubmittedTimestamp);
                    entry = default;
                }

                continue;
            }

            if (outcome == CommitOutcome.EpochRejected)
            {
                // Deposed (ARCHITECTURE §5): another instance owns the accounts now. Stop deciding first,
                // so nothing new is decided on state this instance no longer owns.
                IsDeposed = true;
                Volatile.Write(ref _accepting, 0);
            }

            await UndoUncommittedAsync().ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                ref var entry = ref entries[i];
                Answer(entry.Completion, entry.Correlation, AuthorizationOutcome.Unavailable, entry.Record.RequestKind, entry.SubmittedTimestamp);
                entry = default;
            }
        }
    }

    private async ValueTask<CommitOutcome> CommitAsync(JournalRecord[] records, int count, TimeSpan budget)
    {
        var started = Stopwatch.GetTimestamp();
        _journalPhase = 2;
        using var timeout = new CancellationTokenSource(budget, _time);
        _journalPhase = 3;
        var result = CommitOutcome.Failed;
        try
        {
            // WaitAsync bounds the wait even if the committer ignores its token.
            await _committer.CommitAsync(records.AsMemory(0, count), Epoch, timeout.Token)
                .AsTask()
                .WaitAsync(budget, _time)
                .ConfigureAwait(false);
            result = CommitOutcome.Committed;
            _journalPhase = 4;
        }
        catch (EpochRejectedException)
        {
            result = CommitOutcome.EpochRejected;
        }
#pragma warning disable CA1031 // Any failure of the journal is answered the same way: undo and 91.
        catch (Exception)
#pragma warning restore CA1031
        {
            result = CommitOutcome.Failed;
        }

        if (result != CommitOutcome.Committed)
        {
            // The engine gives up on this batch (it will be undone): make sure the committer sees the
            // cancellation too, so it rolls back instead of committing later (IJournalCommitter contract).
            await timeout.CancelAsync().ConfigureAwait(false);
        }

        Metrics.RecordCommit(count, Stopwatch.GetElapsedTime(started).TotalMilliseconds, result == CommitOutcome.Committed);
        return result;
    }

    /// <summary>Asks every partition to undo what it has not had committed, and waits until all have.</summary>
    private async Task UndoUncommittedAsync()
    {
        _journalPhase = 5;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _undoDone = done;
        Volatile.Write(ref _pendingUndoAcknowledgements, _workers.Length);
        foreach (var worker in _workers)
        {
            worker.RequestUndo();
        }

        await done.Task.ConfigureAwait(false);
    }

    private enum CommitOutcome
    {
        Committed,
        Failed,
        EpochRejected,
    }
}
