using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pool.Modules.Jobs.Alerts;
using Pool.Modules.Jobs.Configuration;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>The failure webhook is best effort: a webhook that is down or slow is logged, and never throws into the run.</summary>
[TestFixture]
public sealed class JobAlertTests
{
    [Test]
    public async Task Webhook_ThatRefusesTheConnection_IsLogged_AndDoesNotThrow()
    {
        var logs = new CapturedLogs();

        await Alert(ClosedPortUrl(), logs).SendAsync("ledger-check", 7, "boom", DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.That(logs.Lines, Has.Some.Contains("[7009]").And.Contains("ledger-check"));
    }

    [Test]
    public async Task Webhook_ThatIsSilent_IsAbandonedAtTheTimeout_AndLogged()
    {
        // A listener that accepts the connection and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var logs = new CapturedLogs();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hook";

        await Alert(url, logs, timeoutMs: 200).SendAsync("ledger-check", 8, "boom", DateTimeOffset.UnixEpoch, CancellationToken.None)
            .WaitAsync(JobsTestWait.Deadline);

        Assert.That(logs.Lines, Has.Some.Contains("[7009]").And.Contains("no answer within 200 ms"));
    }

    [Test]
    public async Task NoWebhookConfigured_SendsNothing()
    {
        var logs = new CapturedLogs();

        await Alert(null, logs).SendAsync("ledger-check", 9, "boom", DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.That(logs.Lines, Is.Empty);
    }

    private static JobFailureAlert Alert(string? url, CapturedLogs logs, int timeoutMs = 2000)
    {
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var options = new JobsOptions();
        options.Alerts.WebhookUrl = url;
        options.Alerts.TimeoutMs = timeoutMs;
        var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        return new JobFailureAlert(services.GetRequiredService<IHttpClientFactory>(), Options.Create(options), loggers.CreateLogger<JobFailureAlert>());
    }

    private static string ClosedPortUrl()
    {
        // Bind a port, then free it: nothing listens there for the moment the test needs.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}/hook";
    }
}
