using System.Net;
using Dapper;
using Npgsql;
using Pool.Host.Database;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Platform;

/// <summary>
/// With no ConnectionStrings:Pool the host runs its own PostgreSQL cluster under the state folder:
/// created on first start, reused on later starts (also when a killed host left it running), stopped on shutdown.
/// </summary>
[TestFixture]
public sealed class EmbeddedDatabaseTests
{
    private string _stateDirectory = null!;

    [SetUp]
    public void CreateStateDirectory() =>
        _stateDirectory = Path.Combine(Path.GetTempPath(), "pool-embedded-" + Guid.NewGuid().ToString("N")[..12]);

    [TearDown]
    public async Task RemoveStateDirectoryAsync()
    {
        if (Directory.Exists(Path.Combine(_stateDirectory, "pgdata")))
        {
            var cluster = await PostgresCluster.StartAsync(_stateDirectory);
            await cluster.StopAlwaysAsync();
        }

        TestDatabase.TryDelete(_stateDirectory);
    }

    [Test]
    public async Task Host_WithoutConnectionString_CreatesTheClusterOnce_ReusesItsData_AndStopsIt()
    {
        int firstPort;
        await using (var first = await TestHost.StartAsync(connectionString: null, stateDirectory: _stateDirectory, additionalModules: [new ProbeModule()]))
        {
            Assert.That(first.Application.UsesEmbeddedDatabase, Is.True);
            Assert.That(File.Exists(Path.Combine(_stateDirectory, "pgdata", "PG_VERSION")), Is.True);
            using var created = await first.Operator().SendAsync(AccessTests.Post("/api/probe/things", new { name = "kept" }, "kept-1"));
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            firstPort = new NpgsqlConnectionStringBuilder(first.Application.ConnectionString).Port;
        }

        Assert.That(await CanConnectAsync(firstPort), Is.False, "the cluster stops with the host");

        await using var second = await TestHost.StartAsync(connectionString: null, stateDirectory: _stateDirectory);
        Assert.That(await second.Application.MigrateAsync(), Is.Zero, "migrations were applied by the first start");
        await using var connection = new NpgsqlConnection(second.Application.ConnectionString);
        var audited = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM access.audit_entries WHERE target = '/api/probe/things'");
        Assert.That(audited, Is.EqualTo(1), "data written by the first start is still there");
    }

    [Test]
    public async Task Host_FindingAClusterLeftRunning_ReusesIt()
    {
        var leftRunning = await PostgresCluster.StartAsync(_stateDirectory);

        await using var host = await TestHost.StartAsync(connectionString: null, stateDirectory: _stateDirectory);

        Assert.That(new NpgsqlConnectionStringBuilder(host.Application.ConnectionString).Port, Is.EqualTo(leftRunning.Port));
        using var ready = await host.Client(null).GetAsync("/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task StateFolder_KeepsThePasswordOwnerOnly()
    {
        await using var host = await TestHost.StartAsync(connectionString: null, stateDirectory: _stateDirectory);

        var mode = File.GetUnixFileMode(Path.Combine(_stateDirectory, "pg-password"));

        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
