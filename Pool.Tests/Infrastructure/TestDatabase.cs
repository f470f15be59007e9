using System.Globalization;
using Pool.Host.Database;

namespace Pool.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster per test run, from the installed binaries (as the postgres user
/// when the tests run as root), started when a test first asks for a database and stopped at the end.
/// Each fixture takes a database of its own, so fixtures never see each other's rows.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresCluster? _cluster;
    private static int _databases;

    /// <summary>A new, empty database; returns its connection string.</summary>
    public static async Task<string> CreateAsync(string purpose)
    {
        var cluster = await ClusterAsync();
        var name = $"t{Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture)}_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}";
        await cluster.CreateDatabaseAsync(name);
        return cluster.ConnectionString(name);
    }

    /// <summary>The shared cluster (started on first use).</summary>
    public static async Task<PostgresCluster> ClusterAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _cluster ??= await PostgresCluster.StartAsync(Path.Combine(Path.GetTempPath(), "pool-tests-" + Guid.NewGuid().ToString("N")[..12]));
            return _cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Called once at the end of the run.</summary>
    internal static async Task StopAsync()
    {
        if (_cluster is not null)
        {
            var root = _cluster.RootDirectory;
            await _cluster.StopAsync();
            _cluster = null;
            TryDelete(root);
        }
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
