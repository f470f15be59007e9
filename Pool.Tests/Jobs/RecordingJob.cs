using System.Collections.Concurrent;
using Pool.Modules.Abstractions;

namespace Pool.Tests.Jobs;

/// <summary>
/// A test job: records each attempt (the tick it served, its parameters) and does what
/// <see cref="Behaviour"/> says, by default succeeding at once with a summary.
/// </summary>
public sealed class RecordingJob
{
    private readonly ConcurrentQueue<JobContext> _attempts = new();

    public RecordingJob(string name, string cron = "30 0 * * *", string timeZone = "Asia/Tokyo", string description = "A job for tests.")
    {
        Definition = new JobDefinition(name, cron, timeZone, description, RunAsync);
    }

    public JobDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>What an attempt does; the argument is the attempt number (1 first).</summary>
    public Func<int, JobContext, CancellationToken, Task<string>> Behaviour { get; set; } =
        (attempt, _, _) => Task.FromResult($"did attempt {attempt}");

    public IReadOnlyList<JobContext> Attempts => [.. _attempts];

    public IReadOnlyList<DateTimeOffset> ServedTicks => _attempts.Select(a => a.ScheduledFor).ToList();

    private Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        _attempts.Enqueue(context);
        return Behaviour(_attempts.Count, context, cancellationToken);
    }
}
