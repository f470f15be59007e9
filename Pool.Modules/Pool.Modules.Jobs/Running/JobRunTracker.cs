using Microsoft.Extensions.Hosting;

namespace Pool.Modules.Jobs.Running;

/// <summary>
/// Runs started in the background (by the scheduler or the API). On shutdown it cancels them and waits,
/// within the host's shutdown timeout, so each records its outcome before the process ends.
/// </summary>
internal sealed class JobRunTracker : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];

    public Task<JobRunResult> Start(Func<CancellationToken, Task<JobRunResult>> run)
    {
        var task = Task.Run(() => run(_stopping.Token));
        lock (_gate)
        {
            _running.Add(task);
        }

        _ = task.ContinueWith(
            finished =>
            {
                lock (_gate)
                {
                    _running.Remove(finished);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();
}
