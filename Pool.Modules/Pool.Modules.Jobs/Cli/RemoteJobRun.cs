using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Modules.Jobs.Api;
using Pool.Modules.Jobs.Configuration;

namespace Pool.Modules.Jobs.Cli;

/// <summary>
/// <c>job run</c> of a job that needs the engine, from a process without it (the scheduled container task):
/// asks the active host to run it (<c>POST /api/jobs/{name}/runs</c>, retrying 503 from a standby and
/// unreachable hosts with backoff), then follows its history entry until it ends, printing each change.
/// The exit code is the run's outcome, as for a local run. The API key is sent, never printed.
/// </summary>
internal sealed class RemoteJobRun(HttpClient client, JobRemoteOptions options, TimeProvider time, TextWriter output, TextWriter error)
{
    public const string HttpClientName = "Pool.Jobs.Remote";

    /// <summary>Longest pause between two tries of the POST.</summary>
    private static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int> RunAsync(string job, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow().AddSeconds(options.TimeoutSeconds);
        var runs = $"api/jobs/{Uri.EscapeDataString(job)}/runs";
        await output.WriteLineAsync($"{job} needs the active engine: asking {client.BaseAddress} to run it");
        var started = await StartAsync(runs, parameters, deadline, cancellationToken);
        if (started.Exit is { } exit)
        {
            return exit;
        }

        var run = started.Run!;
        await output.WriteLineAsync($"{job} run {run.Id} {run.Outcome} on the active host");
        var attempt = run.Attempt;
        while (run.Outcome == "running")
        {
            if (time.GetUtcNow() > deadline)
            {
                await error.WriteLineAsync($"{job} run {run.Id} still running after {options.TimeoutSeconds} s (Jobs:Remote:TimeoutSeconds); it goes on on the active host: GET /{runs}/{run.Id}.");
                return JobVerbs.ExitFailed;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(options.PollIntervalMs), time, cancellationToken);
            try
            {
                using var response = await client.GetAsync($"{runs}/{Uri.EscapeDataString(run.Id)}", cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await output.WriteLineAsync($"reading run {run.Id}: {(int)response.StatusCode}; trying again");
                    continue;
                }

                run = await response.Content.ReadFromJsonAsync<JobRunResponse>(Json, cancellationToken) ?? run;
            }
            catch (HttpRequestException exception)
            {
                await output.WriteLineAsync($"reading run {run.Id}: {exception.Message}; trying again");
                continue;
            }

            if (run.Attempt != attempt)
            {
                attempt = run.Attempt;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{job} run {run.Id}: attempt {attempt}"));
            }
        }

        switch (run.Outcome)
        {
            case "succeeded":
                await output.WriteLineAsync($"{job} run {run.Id} succeeded on the active host: {run.Summary}");
                return JobVerbs.ExitSucceeded;
            case "skipped":
                await error.WriteLineAsync($"{job} run {run.Id} skipped: {run.Summary}.");
                return JobVerbs.ExitAlreadyRunning;
            default:
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{job} run {run.Id} {run.Outcome} on the active host after {run.Attempt} attempt(s): {run.Error}"));
                return JobVerbs.ExitFailed;
        }
    }

    private async Task<(JobRunResponse? Run, int? Exit)> StartAsync(string runs, IReadOnlyDictionary<string, string> parameters, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            string why;
            try
            {
                using var response = await client.PostAsJsonAsync(runs, new JobRunRequest(new Dictionary<string, string>(parameters, StringComparer.Ordinal)), Json, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return (await response.Content.ReadFromJsonAsync<JobRunResponse>(Json, cancellationToken), null);
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout:
                        why = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} (no active engine there)");
                        break;
                    case HttpStatusCode.NotFound:
                        await error.WriteLineAsync($"The active host knows no job at /{runs}: {body}");
                        return (null, JobVerbs.ExitUsage);
                    case HttpStatusCode.BadRequest:
                        await error.WriteLineAsync($"The active host refused the parameters: {body}");
                        return (null, JobVerbs.ExitUsage);
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"The active host refused Jobs:Remote:ApiKey ({(int)response.StatusCode}): an operator-role key is needed."));
                        return (null, JobVerbs.ExitFailed);
                    default:
                        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"The active host answered {(int)response.StatusCode}: {body}"));
                        return (null, JobVerbs.ExitFailed);
                }
            }
            catch (HttpRequestException exception)
            {
                why = exception.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                why = "no answer in time";
            }

            if (time.GetUtcNow() + delay > deadline)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"No active host took the run within {options.TimeoutSeconds} s (Jobs:Remote:TimeoutSeconds); last: {why}."));
                return (null, JobVerbs.ExitFailed);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"try {attempt}: {why}; again in {delay.TotalSeconds:0.#} s"));
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, BackoffMax.Ticks));
        }
    }

    /// <summary>Configures <paramref name="client"/> for <paramref name="options"/>: base address and the bearer key.</summary>
    public static void Configure(HttpClient client, JobRemoteOptions options)
    {
        var address = options.BaseAddress!;
        client.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        client.Timeout = TimeSpan.FromSeconds(30);
    }
}
