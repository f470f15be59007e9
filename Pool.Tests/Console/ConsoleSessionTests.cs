using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pool.Modules.Access.ApiKeys;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Console;

/// <summary>
/// Console sessions without a browser: the cookie the sign-in sets, the admin API accepting it only
/// with the console's header, and a removed or replaced key ending its sessions.
/// </summary>
[TestFixture]
public sealed partial class ConsoleSessionTests
{
    private TestHost _host = null!;
    private string _connectionString = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("consolesessions");
        _host = await TestHost.StartAsync(_connectionString);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task SignIn_SetsAnHttpOnlyStrictSecureCookie_WithoutTheKey_AndTheApiTakesItOnlyWithTheConsoleHeader()
    {
        var (client, cookies) = NewClient();
        var signIn = await SignInAsync(client, TestHost.OperatorKey);
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var setCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pool-console=", StringComparison.Ordinal));
        Assert.That(setCookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase.And.Contain("secure").IgnoreCase);
        Assert.That(setCookie, Does.Not.Contain(TestHost.OperatorKey));
        var session = setCookie.Split(';')[0];

        // The cookie alone (what a forged cross-site request would carry) does not authenticate an API call.
        using var bare = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        bare.Headers.Add("Cookie", session);
        Assert.That((await _host.Client(null).SendAsync(bare)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var console = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        console.Headers.Add("Cookie", session);
        console.Headers.Add("X-Pool-Console", "1");
        Assert.That((await _host.Client(null).SendAsync(console)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        client.Dispose();
        Assert.That(cookies.Count, Is.GreaterThan(0));
    }

    [Test]
    public async Task ASession_MadeByOneInstance_IsReadByAnother_OnTheSameDatabase()
    {
        var (client, _) = NewClient();
        var signIn = await SignInAsync(client, TestHost.ViewerKey);
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pool-console=", StringComparison.Ordinal)).Split(';')[0];
        client.Dispose();

        // The second instance shares the data-protection keys through the database, not through a local
        // folder (which two hosts on one test machine would share anyway): the key is in the table.
        await using (var connection = new Npgsql.NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM access.data_protection_keys", connection);
            Assert.That(Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        }

        await using var other = await TestHost.StartAsync(_connectionString);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        request.Headers.Add("Cookie", session);
        request.Headers.Add("X-Pool-Console", "1");
        Assert.That((await other.Client(null).SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task SignIn_WithAnUnknownKey_Is401_AndAudited_WithoutTheKey()
    {
        var (client, _) = NewClient();
        var answer = await SignInAsync(client, "unknown-key-0123456789abcdef");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var audit = await _host.Admin().GetStringAsync("/api/audit");
        Assert.That(audit, Does.Contain("POST /console/sign-in").And.Contain("\"outcome\":401"));
        Assert.That(audit, Does.Not.Contain("unknown-key-0123456789abcdef"));
    }

    [Test]
    public void SessionStamp_OfAReplacedOrRemovedKey_IsNoLongerCurrent()
    {
        var before = Store(("ops", "first-key-0123456789abcdef", "operator"));
        Assert.That(before.TryFind("first-key-0123456789abcdef", out var name, out var role, out var stamp), Is.True);
        Assert.That(stamp, Does.Not.Contain("first-key"));

        Assert.That(Store(("ops", "first-key-0123456789abcdef", "operator")).IsCurrent(name, role, stamp), Is.True, "the same key after a restart");
        Assert.That(Store(("ops", "second-key-0123456789abcdef", "operator")).IsCurrent(name, role, stamp), Is.False, "the key was rotated");
        Assert.That(Store(("ops", "first-key-0123456789abcdef", "viewer")).IsCurrent(name, role, stamp), Is.False, "the key's role changed");
        Assert.That(Store(("other", "other-key-0123456789abcdef", "admin")).IsCurrent(name, role, stamp), Is.False, "the key was removed");
    }

    private static ApiKeyStore Store(params (string Name, string Key, string Role)[] keys)
    {
        var options = new AdminOptions { ApiKeys = keys.Select(k => new ApiKeyOptions { Name = k.Name, Key = k.Key, Role = k.Role }).ToList() };
        var configuration = new ConfigurationBuilder().Build();
        return new ApiKeyStore(Options.Create(options), new TestEnvironment(), new DevelopmentAdminKey(configuration), NullLogger<ApiKeyStore>.Instance);
    }

    private (HttpClient Client, CookieContainer Cookies) NewClient()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        return (client, cookies);
    }

    /// <summary>The sign-in form as a browser posts it: its antiforgery token (and cookie) from the GET.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string key)
    {
        var form = await client.GetStringAsync("/console/sign-in");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        Assert.That(token, Is.Not.Empty);
        return await client.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["__antiforgery"] = token, ["apiKey"] = key }));
    }

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "Pool.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
