namespace Pool.Modules.Jobs.Configuration;

/// <summary><c>Jobs:Alerts</c>: where a failed run is announced.</summary>
internal sealed class JobAlertOptions
{
    /// <summary>Longest wait for the webhook, in milliseconds: a chat webhook answers in well under a second, and a stuck one must not hold the run.</summary>
    public const int TimeoutMsMax = 30_000;

    /// <summary>Absolute http(s) URL that receives a JSON POST per failed run; none sends nothing.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Prefix of runbook links; the failure alert links <c>&lt;RunbookBaseUrl&gt;job-failed.md</c>.</summary>
    public string RunbookBaseUrl { get; set; } = "docs/runbooks/";

    /// <summary>Timeout of the webhook call, in milliseconds.</summary>
    public int TimeoutMs { get; set; } = 5000;
}
