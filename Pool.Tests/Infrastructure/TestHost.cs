using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Pool.Host.Composition;
using Pool.Modules.Abstractions;

namespace Pool.Tests.Infrastructure;

/// <summary>
/// The whole host, started in-process on free ports against a test database, with one API key per
/// role. End-to-end tests talk to it over real HTTP (and, later, TCP).
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string ViewerKey = "test-viewer-key-0123456789";
    public const string OperatorKey = "test-operator-key-0123456789";
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly List<HttpClient> _clients = [];

    private TestHost(PoolApplication application, string stateDirectory, CapturedLogs logs)
    {
        Application = application;
        StateDirectory = stateDirectory;
        Logs = logs;
    }

    /// <summary>Every log line the host wrote (all levels), for assertions on what is logged.</summary>
    public CapturedLogs Logs { get; }

    public PoolApplication Application { get; }

    public string StateDirectory { get; }

    public IServiceProvider Services => Application.App.Services;

    public Uri BaseAddress => Application.ApiAddresses[0];

    /// <summary>
    /// Starts a host. <paramref name="connectionString"/> null means the embedded default (under the
    /// state directory). <paramref name="settings"/> are extra configuration values.
    /// </summary>
    public static async Task<TestHost> StartAsync(
        string? connectionString,
        IDictionary<string, string?>? settings = null,
        string? stateDirectory = null,
        IReadOnlyList<IModule>? additionalModules = null,
        string environment = "Testing",
        bool configureApiKeys = true)
    {
        stateDirectory ??= Path.Combine(Path.GetTempPath(), "pool-host-" + Guid.NewGuid().ToString("N")[..12]);
        var values = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            [LocalState.DirectoryKey] = stateDirectory,
            ["AuthorizationLink:Port"] = "0",
            // A fixed PAN-vault key set, so every test host can issue and look up cards; tests of
            // rotation configure their own.
            ["Cards:Vault:ActiveKeyId"] = "test-k0",
            ["Cards:Vault:Keys:0:Id"] = "test-k0",
            ["Cards:Vault:Keys:0:EncryptionKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["Cards:Vault:Keys:0:HashKey"] = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray()),
            // An engine sized for tests: the defaults (a million cards) would take hundreds of MB per host.
            ["Authorization:Engine:PartitionCount"] = "2",
            ["Authorization:Engine:CardsMax"] = "10000",
            ["Authorization:Engine:AccountsMax"] = "10000",
            ["Authorization:Engine:HoldsPerPartitionMax"] = "16384",
            ["Authorization:Engine:RecentAnswersPerPartitionMax"] = "16384",
            ["Authorization:Engine:UncommittedPerPartitionMax"] = "4096",
            // Several hosts share two cores during a test run: a roomier commit budget than production's
            // 500 ms keeps a slow fsync from turning into 91s. Budget tests set their own.
            ["Authorization:Engine:CommitBudgetMs"] = "1500",
            ["Authorization:Hosting:LeaseRetryMs"] = "200",
            ["Authorization:Hosting:LeaseCheckMs"] = "200",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Information",
            // Schedules run only in tests that ask (Jobs:SchedulerEnabled=true); the others drive jobs by hand.
            ["Jobs:SchedulerEnabled"] = "false",
        };
        if (configureApiKeys)
        {
            values["Admin:ApiKeys:0:Name"] = "test-viewer";
            values["Admin:ApiKeys:0:Key"] = ViewerKey;
            values["Admin:ApiKeys:0:Role"] = AccessPolicies.Viewer;
            values["Admin:ApiKeys:1:Name"] = "test-operator";
            values["Admin:ApiKeys:1:Key"] = OperatorKey;
            values["Admin:ApiKeys:1:Role"] = AccessPolicies.Operator;
            values["Admin:ApiKeys:2:Name"] = "test-admin";
            values["Admin:ApiKeys:2:Key"] = AdminKey;
            values["Admin:ApiKeys:2:Role"] = AccessPolicies.Admin;
        }

        if (connectionString is not null)
        {
            values["ConnectionStrings:Pool"] = connectionString;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var logs = new CapturedLogs();
        var application = await PoolApplication.CreateAsync(
            ["--environment", environment],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Configuration.AddInMemoryCollection(values);
                builder.WebHost.UseSetting("urls", values["urls"]);
            },
            additionalModules: additionalModules);
        try
        {
            await application.StartAsync();
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }

        return new TestHost(application, stateDirectory, logs);
    }

    /// <summary>An HTTP client for the admin API with the given key (null: no Authorization header).</summary>
    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        _clients.Add(client);
        return client;
    }

    public HttpClient Viewer() => Client(ViewerKey);

    public HttpClient Operator() => Client(OperatorKey);

    public HttpClient Admin() => Client(AdminKey);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Application.DisposeAsync();
    }
}
