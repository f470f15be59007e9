using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pool.Modules.Abstractions;

namespace Pool.Host.Database;

/// <summary>
/// Applies every module's SQL migrations, each once, in order (modules by their order, then scripts by
/// name), recorded in <c>platform.schema_migrations</c>. All of it runs under one PostgreSQL advisory
/// lock, so hosts that start at once apply each script exactly once; each script runs in its own
/// transaction with its record, so a failure leaves nothing half-applied and names the script.
/// </summary>
/// <remarks>
/// A migration library (DbUp, Evolve) was considered; none takes a per-run advisory lock and per-module
/// schemas together without configuration that is larger than this class, so the runner stays small
/// and is tested directly (MigrationRunnerTests).
/// </remarks>
public sealed partial class MigrationRunner
{
    /// <summary>Advisory lock key: "POOLMIGR" as ASCII, so it does not collide with other users of the database.</summary>
    public const long AdvisoryLockKey = 0x504F4F4C4D494752;

    private const string ResourcePrefix = "Migrations/";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<MigrationRunner> _logger;

    public MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <summary>The migrations a module ships, in the order they apply.</summary>
    public static IReadOnlyList<Migration> Discover(IModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Discover(module.Name, module.MigrationsAssembly);
    }

    /// <summary>The migrations embedded in <paramref name="assembly"/> for module <paramref name="moduleName"/>.</summary>
    public static IReadOnlyList<Migration> Discover(string moduleName, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = new List<Migration>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(moduleName, name[ResourcePrefix.Length..^".sql".Length], reader.ReadToEnd()));
        }

        return migrations;
    }

    /// <summary>Applies what is not yet applied; returns the migrations applied by this call.</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(IEnumerable<Migration> migrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var applied = new List<Migration>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken, commandTimeout: 0));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                CREATE SCHEMA IF NOT EXISTS platform;
                CREATE TABLE IF NOT EXISTS platform.schema_migrations (
                    module      text        NOT NULL,
                    id          text        NOT NULL,
                    checksum    text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (module, id)
                );
                """, cancellationToken: cancellationToken));
            var recorded = (await connection.QueryAsync<(string Module, string Id, string Checksum)>(
                    new CommandDefinition("SELECT module, id, checksum FROM platform.schema_migrations", cancellationToken: cancellationToken)))
                .ToDictionary(row => (row.Module, row.Id), row => row.Checksum);

            foreach (var migration in migrations)
            {
                if (recorded.TryGetValue((migration.Module, migration.Id), out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new MigrationFailedException(
                            $"Migration {migration} was changed after it was applied (checksum {checksum} recorded, {migration.Checksum} now). Add a new migration instead.");
                    }

                    continue;
                }

                await ApplyOneAsync(connection, migration, cancellationToken);
                applied.Add(migration);
                LogApplied(_logger, migration.Module, migration.Id);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }

        return applied;
    }

    private static async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // Each module's scripts run with its own schema first on the search path.
            await connection.ExecuteAsync(new CommandDefinition(
                $"CREATE SCHEMA IF NOT EXISTS \"{migration.Module}\"; SET LOCAL search_path TO \"{migration.Module}\", public;",
                transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO platform.schema_migrations (module, id, checksum) VALUES (@Module, @Id, @Checksum)",
                migration, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            throw new MigrationFailedException($"Migration {migration} failed: {exception.Message}", exception);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Applied migration {Module}/{Id}")]
    private static partial void LogApplied(ILogger logger, string module, string id);
}
