using Microsoft.Extensions.Configuration;
using Npgsql;
using Pool.Host.Database;
using Pool.Modules.Abstractions;

namespace Pool.Host.Composition;

/// <summary>
/// Resolves <c>ConnectionStrings:Pool</c>. When it is absent the host starts its embedded PostgreSQL
/// cluster under the local state folder (admin-api.md §4) and uses database <c>pool</c> in it.
/// </summary>
internal static class DatabaseConnection
{
    public const string ConnectionStringName = "Pool";
    public const string EmbeddedDatabaseName = "pool";

    public static async Task<(string ConnectionString, PostgresCluster? Embedded)> ResolveAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, null);
        }

        var cluster = await PostgresCluster.StartAsync(LocalState.Directory(configuration), cancellationToken);
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString());
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = EmbeddedDatabaseName } } };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await cluster.CreateDatabaseAsync(EmbeddedDatabaseName, cancellationToken);
            }
        }
        catch
        {
            await cluster.StopAsync();
            throw;
        }

        return (cluster.ConnectionString(EmbeddedDatabaseName), cluster);
    }
}
