using Microsoft.Extensions.Options;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Scheduling;

namespace Pool.Modules.Jobs.Configuration;

/// <summary>Checks <c>Jobs</c> at start (ValidateOnStart): limits, the webhook URL, and every job's cron and zone.</summary>
internal sealed class JobsOptionsValidator(IReadOnlyList<IModule> modules) : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        if (options.TickIntervalMs is < JobsOptions.TickIntervalMsMin or > JobsOptions.TickIntervalMsMax)
        {
            errors.Add($"Jobs:TickIntervalMs must be between {JobsOptions.TickIntervalMsMin} and {JobsOptions.TickIntervalMsMax}.");
        }

        if (options.Retry.MaxAttempts is < 1 or > JobRetryOptions.MaxAttemptsMax)
        {
            errors.Add($"Jobs:Retry:MaxAttempts must be between 1 and {JobRetryOptions.MaxAttemptsMax}.");
        }

        if (options.Retry.BaseDelayMs is < 0 or > JobRetryOptions.BaseDelayMsMax)
        {
            errors.Add($"Jobs:Retry:BaseDelayMs must be between 0 and {JobRetryOptions.BaseDelayMsMax}.");
        }

        if (options.Alerts.TimeoutMs is < 1 or > JobAlertOptions.TimeoutMsMax)
        {
            errors.Add($"Jobs:Alerts:TimeoutMs must be between 1 and {JobAlertOptions.TimeoutMsMax}.");
        }

        if (!string.IsNullOrEmpty(options.Alerts.WebhookUrl)
            && !(Uri.TryCreate(options.Alerts.WebhookUrl, UriKind.Absolute, out var webhook) && (webhook.Scheme == Uri.UriSchemeHttps || webhook.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add("Jobs:Alerts:WebhookUrl must be an absolute http or https URL.");
        }

        var remote = options.Remote;
        if (!string.IsNullOrEmpty(remote.BaseAddress))
        {
            if (!(Uri.TryCreate(remote.BaseAddress, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp)))
            {
                errors.Add("Jobs:Remote:BaseAddress must be an absolute http or https URL.");
            }

            if (string.IsNullOrWhiteSpace(remote.ApiKey))
            {
                errors.Add("Jobs:Remote:ApiKey is required with Jobs:Remote:BaseAddress (an operator-role key, from a secret).");
            }
        }

        if (remote.TimeoutSeconds is < 1 or > JobRemoteOptions.TimeoutSecondsMax)
        {
            errors.Add($"Jobs:Remote:TimeoutSeconds must be between 1 and {JobRemoteOptions.TimeoutSecondsMax}.");
        }

        if (remote.PollIntervalMs is < 10 or > JobRemoteOptions.PollIntervalMsMax)
        {
            errors.Add($"Jobs:Remote:PollIntervalMs must be between 10 and {JobRemoteOptions.PollIntervalMsMax}.");
        }

        JobCatalog.TryCreate(modules.SelectMany(m => m.Jobs), options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
