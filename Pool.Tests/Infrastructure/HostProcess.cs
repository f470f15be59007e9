using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Pool.Modules.Abstractions;

namespace Pool.Tests.Infrastructure;

/// <summary>
/// The host as a separate process (<c>dotnet Pool.Host.dll</c> from the test's build output), configured by
/// environment variables, for tests that must kill it (kill -9: <see cref="Kill"/>) rather than stop it.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, int apiPort, int linkPort)
    {
        _process = process;
        ApiAddress = new Uri($"http://127.0.0.1:{apiPort}");
        LinkEndPoint = new IPEndPoint(IPAddress.Loopback, linkPort);
    }

    public Uri ApiAddress { get; }

    public IPEndPoint LinkEndPoint { get; }

    /// <summary>Starts the host on <paramref name="connectionString"/> and waits until <c>/health/link</c> passes (its engine is active).</summary>
    public static async Task<HostProcess> StartAsync(string connectionString, IDictionary<string, string?>? settings = null, int readyTimeoutMs = 60_000)
    {
        var apiPort = FreePort();
        var linkPort = FreePort();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Pool.Host.dll"))
        {
            WorkingDirectory = Path.Combine(Path.GetTempPath(), "pool-host-process-" + Guid.NewGuid().ToString("N")[..8]),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Directory.CreateDirectory(start.WorkingDirectory);
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}",
            ["ConnectionStrings__Pool"] = connectionString,
            ["AuthorizationLink__Port"] = linkPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cards__Vault__ActiveKeyId"] = "test-k0",
            ["Cards__Vault__Keys__0__Id"] = "test-k0",
            ["Cards__Vault__Keys__0__EncryptionKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["Cards__Vault__Keys__0__HashKey"] = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray()),
            ["Admin__ApiKeys__0__Name"] = "test-admin",
            ["Admin__ApiKeys__0__Key"] = TestHost.AdminKey,
            ["Admin__ApiKeys__0__Role"] = AccessPolicies.Admin,
            ["Authorization__Engine__CardsMax"] = "10000",
            ["Authorization__Engine__AccountsMax"] = "10000",
            ["Authorization__Engine__HoldsPerPartitionMax"] = "16384",
            ["Authorization__Engine__RecentAnswersPerPartitionMax"] = "16384",
            ["Authorization__Engine__UncommittedPerPartitionMax"] = "4096",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, apiPort, linkPort);
        using var client = new HttpClient { BaseAddress = host.ApiAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Environment.TickCount64 + readyTimeoutMs;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host process exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await client.GetAsync("/health/link");
                if (response.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (Environment.TickCount64 > deadline)
            {
                host.Kill();
                throw new TimeoutException($"The host process did not pass /health/link within {readyTimeoutMs} ms.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>An admin client for the process's API.</summary>
    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestHost.AdminKey);
        return client;
    }

    /// <summary>Kills the process and its children at once (SIGKILL): nothing is flushed, nothing is released.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
