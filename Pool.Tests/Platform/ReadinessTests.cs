using System.Net;
using Pool.Host.Database;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Platform;

/// <summary>/health/ready fails while PostgreSQL is down and recovers when it is back; /health/live stays up.</summary>
[TestFixture]
public sealed class ReadinessTests
{
    [Test]
    public async Task Ready_FailsWhileTheDatabaseIsDown_AndRecovers()
    {
        var root = Path.Combine(Path.GetTempPath(), "pool-ready-" + Guid.NewGuid().ToString("N")[..12]);
        var cluster = await PostgresCluster.StartAsync(root);
        try
        {
            await using var host = await TestHost.StartAsync(cluster.ConnectionString());
            var client = host.Client(null);
            Assert.That(await StatusAsync(client, "/health/ready"), Is.EqualTo(HttpStatusCode.OK));

            await cluster.StopAsync();

            Assert.That(await WaitForStatusAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await StatusAsync(client, "/health/live"), Is.EqualTo(HttpStatusCode.OK));

            await cluster.RestartAsync();

            Assert.That(await WaitForStatusAsync(client, "/health/ready", HttpStatusCode.OK), Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            await cluster.StopAlwaysAsync();
            TestDatabase.TryDelete(root);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    /// <summary>Polls until the status is the expected one or the deadline passes; returns the last status seen.</summary>
    private static async Task<HttpStatusCode> WaitForStatusAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode last;
        do
        {
            last = await StatusAsync(client, path);
            if (last == expected)
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        return last;
    }
}
