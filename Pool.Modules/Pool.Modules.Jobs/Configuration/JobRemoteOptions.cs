namespace Pool.Modules.Jobs.Configuration;

/// <summary>
/// <c>Jobs:Remote</c>: where a one-shot <c>job run</c> process without the engine sends a job that needs it
/// (<see cref="Abstractions.JobDefinition.RunsOnActiveEngine"/>): the admin API of the serving hosts.
/// </summary>
internal sealed class JobRemoteOptions
{
    /// <summary>Longest a remote run is followed, in seconds: a day, beyond any job's run.</summary>
    public const int TimeoutSecondsMax = 86_400;

    /// <summary>Slowest poll of the run, in milliseconds.</summary>
    public const int PollIntervalMsMax = 60_000;

    /// <summary>The admin API's base address (the admin load balancer's internal name); none runs engine jobs locally (and they fail there).</summary>
    public string? BaseAddress { get; set; }

    /// <summary>An operator-role API key (from a secret; never logged or printed).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long to wait for an active host to take the run (503s retried with backoff) and for the run to end.</summary>
    public int TimeoutSeconds { get; set; } = 3600;

    /// <summary>How often the run's history entry is read while it runs.</summary>
    public int PollIntervalMs { get; set; } = 2000;
}
