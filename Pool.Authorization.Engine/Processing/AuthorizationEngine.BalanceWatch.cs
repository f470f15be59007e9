using System.Diagnostics;
using System.Threading.Channels;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class AuthorizationEngine
{
    // One balance watch at a time: each partition writer keeps one set of changed accounts.
    private readonly SemaphoreSlim _balanceWatchGate = new(1, 1);

    /// <summary>
    /// A balance watch (the ledger check's comparison, docs/engine.md "Balance snapshots"): every partition
    /// writer, in its queue order, copies the balances of its accounts (<paramref name="accounts"/>, or all)
    /// and starts noting the accounts its records change; once every record the copies include is committed,
    /// <paramref name="whileWatching"/> runs (the caller reads the database there); then the writers hand over
    /// the accounts changed meanwhile. An account not changed meanwhile had, all through
    /// <paramref name="whileWatching"/>, the balances copied, and any committed state of the database read
    /// there after the projection caught up includes exactly those changes. Null when the engine stops
    /// accepting or the records are not committed within <paramref name="commitTimeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<PartitionBalanceSnapshot>?> WatchBalancesAsync(
        IReadOnlySet<long>? accounts,
        Func<IReadOnlyList<PartitionBalanceSnapshot>, CancellationToken, Task> whileWatching,
        TimeSpan commitTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileWatching);
        await _balanceWatchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = new PartitionBalanceSnapshot[_workers.Length];
        var begun = 0;
        try
        {
            if (!IsAccepting)
            {
                return null;
            }

            for (; begun < _workers.Length; begun++)
            {
                snapshots[begun] = new PartitionBalanceSnapshot(begun, accounts);
                await _workers[begun].EnqueueAsync(new PartitionCommand { Kind = PartitionCommandKind.BeginBalanceWatch, Watch = snapshots[begun] }, cancellationToken).ConfigureAwait(false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(commitTimeout);
            await Task.WhenAll(snapshots.Select(s => s.Done.Task)).WaitAsync(timeout.Token).ConfigureAwait(false);
            if (!await CommittedAsync(snapshots, commitTimeout, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            await whileWatching(snapshots, cancellationToken).ConfigureAwait(false);
            await EndBalanceWatchAsync(snapshots, begun, commitTimeout, cancellationToken).ConfigureAwait(false);
            begun = 0;

            // A writer that did not hand over its changed accounts leaves nothing proven.
            return IsAccepting && snapshots.All(s => s.Ended.Task.IsCompletedSuccessfully) ? snapshots : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        finally
        {
            if (begun > 0)
            {
                await EndBalanceWatchAsync(snapshots, begun, commitTimeout, CancellationToken.None).ConfigureAwait(false);
            }

            _balanceWatchGate.Release();
        }
    }

    private async Task<bool> CommittedAsync(PartitionBalanceSnapshot[] snapshots, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (snapshots.Any(s => _workers[s.Partition].CommittedThrough < s.Sequence))
        {
            if (!IsAccepting || Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task EndBalanceWatchAsync(PartitionBalanceSnapshot[] snapshots, int begun, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            for (var i = 0; i < begun; i++)
            {
                await _workers[i].EnqueueAsync(new PartitionCommand { Kind = PartitionCommandKind.EndBalanceWatch, Watch = snapshots[i] }, bounded.Token).ConfigureAwait(false);
            }

            await Task.WhenAll(snapshots.Take(begun).Select(s => s.Ended.Task)).WaitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            // The writers stopped (engine disposed): nothing watches any more.
        }
    }
}
