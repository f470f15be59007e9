using System.Net;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Platform;

/// <summary>
/// In Development with no Admin:ApiKeys, the host creates one admin key at first start in
/// .pool/admin-key (owner-only), logs the path and never the key, and reuses it later (admin-api.md §4).
/// </summary>
[TestFixture]
public sealed class DevelopmentAdminKeyTests
{
    [Test]
    public async Task FirstStart_CreatesAnOwnerOnlyAdminKey_ThatWorks_AndIsNeverLogged()
    {
        var connectionString = await TestDatabase.CreateAsync("dev-key");
        await using (var host = await TestHost.StartAsync(connectionString, environment: "Development", configureApiKeys: false))
        {
            var path = Path.Combine(host.StateDirectory, "admin-key");
            Assert.That(File.Exists(path), Is.True);
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            var key = (await File.ReadAllTextAsync(path)).Trim();

            using var response = await host.Client(key).GetAsync("/api/audit");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the generated key has the admin role");
            Assert.That(host.Logs.Lines.Any(line => line.Contains(path, StringComparison.Ordinal)), Is.True, "the path is logged");
            Assert.That(host.Logs.Lines.Any(line => line.Contains(key, StringComparison.Ordinal)), Is.False, "the key is not");
        }
    }

    [Test]
    public async Task LaterStart_ReusesTheSameKey()
    {
        var connectionString = await TestDatabase.CreateAsync("dev-key-reuse");
        var state = Path.Combine(Path.GetTempPath(), "pool-devkey-" + Guid.NewGuid().ToString("N")[..12]);
        string first;
        await using (var host = await TestHost.StartAsync(connectionString, stateDirectory: state, environment: "Development", configureApiKeys: false))
        {
            first = await File.ReadAllTextAsync(Path.Combine(state, "admin-key"));
        }

        await using (var host = await TestHost.StartAsync(connectionString, stateDirectory: state, environment: "Development", configureApiKeys: false))
        {
            Assert.That(await File.ReadAllTextAsync(Path.Combine(state, "admin-key")), Is.EqualTo(first));
        }

        TestDatabase.TryDelete(state);
    }

    [Test]
    public async Task OutsideDevelopment_NoKeyIsCreated_AndEveryRequestIsRefused()
    {
        var connectionString = await TestDatabase.CreateAsync("prod-no-key");

        await using var host = await TestHost.StartAsync(connectionString, environment: "Production", configureApiKeys: false);

        Assert.That(File.Exists(Path.Combine(host.StateDirectory, "admin-key")), Is.False);
        using var response = await host.Client("anything-at-all-0123456789").GetAsync("/api/audit");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
