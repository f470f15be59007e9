using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pool.Modules.Jobs.Configuration;

namespace Pool.Modules.Jobs.Alerts;

/// <summary>
/// Announces a failed run on <c>Jobs:Alerts:WebhookUrl</c>. Delivery is best effort: a webhook that is
/// down or slow is logged and never changes the run's outcome.
/// </summary>
internal sealed class JobFailureAlert(IHttpClientFactory httpClients, IOptions<JobsOptions> options, ILogger<JobFailureAlert> logger)
{
    public const string HttpClientName = "Pool.Jobs.Alerts";

    /// <summary>The runbook every failure alert links (docs/runbooks/job-failed.md).</summary>
    public const string RunbookFile = "job-failed.md";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string RunbookLink => options.Value.Alerts.RunbookBaseUrl + RunbookFile;

    public async Task SendAsync(string job, long runId, string? error, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var alerts = options.Value.Alerts;
        if (string.IsNullOrEmpty(alerts.WebhookUrl))
        {
            return;
        }

        var payload = new JobFailureAlertPayload(
            job,
            runId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "failed",
            error,
            startedAt,
            RunbookLink,
            $"Pool job {job} failed (run {runId}): {error} Runbook: {RunbookLink}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(alerts.TimeoutMs);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(alerts.WebhookUrl, payload, Json, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                JobsLog.AlertFailed(logger, job, runId, $"the webhook answered {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException exception)
        {
            JobsLog.AlertFailed(logger, job, runId, exception.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            JobsLog.AlertFailed(logger, job, runId, $"no answer within {alerts.TimeoutMs} ms");
        }
    }
}
