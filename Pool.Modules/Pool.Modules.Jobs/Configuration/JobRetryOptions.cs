namespace Pool.Modules.Jobs.Configuration;

/// <summary><c>Jobs:Retry</c>: how a run retries a transient failure.</summary>
internal sealed class JobRetryOptions
{
    /// <summary>Most attempts of one run, the first included: three rides out a database failover (seconds) without hiding a real outage.</summary>
    public const int MaxAttemptsMax = 10;

    /// <summary>Longest base delay, in milliseconds (one minute): longer waits belong to the next scheduled tick.</summary>
    public const int BaseDelayMsMax = 60_000;

    /// <summary>Attempts of one run, the first included; 1 means no retry.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry, in milliseconds; it doubles per retry, with jitter.</summary>
    public int BaseDelayMs { get; set; } = 2000;
}
