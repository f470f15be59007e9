using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pool.Host.Database;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Platform;

/// <summary>Migrations run each once, in order, under an advisory lock, recorded; a failure names the script.</summary>
[TestFixture]
public sealed class MigrationRunnerTests
{
    private static readonly Migration[] Probe =
    [
        new("probe", "0001_things", "CREATE TABLE probe.things (id int PRIMARY KEY); CREATE TABLE probe.runs (n int);"),
        new("probe", "0002_seed", "INSERT INTO probe.things VALUES (1), (2); INSERT INTO probe.runs VALUES (1);"),
        new("probe", "0003_more", "ALTER TABLE probe.things ADD COLUMN name text;"),
    ];

    [Test]
    public async Task Apply_Twice_SecondRunAppliesNothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync("migrate-twice"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);

        var first = await runner.ApplyAsync(Probe);
        var second = await runner.ApplyAsync(Probe);

        Assert.That(first.Select(m => m.Id), Is.EqualTo(new[] { "0001_things", "0002_seed", "0003_more" }));
        Assert.That(second, Is.Empty);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM probe.runs"), Is.EqualTo(1));
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM platform.schema_migrations WHERE module = 'probe'"), Is.EqualTo(3));
    }

    [Test]
    public async Task Apply_FromSeveralHostsAtOnce_AppliesEachMigrationOnce()
    {
        var connectionString = await TestDatabase.CreateAsync("migrate-race");
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();

        var results = await Task.WhenAll(dataSources.Select(ds => new MigrationRunner(ds, NullLogger<MigrationRunner>.Instance).ApplyAsync(Probe)));

        Assert.That(results.Sum(r => r.Count), Is.EqualTo(Probe.Length));
        await using var connection = await dataSources[0].OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM probe.runs"), Is.EqualTo(1));
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    [Test]
    public async Task FailedMigration_StopsWithItsName_AndLeavesNothingOfItBehind()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync("migrate-fail"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        Migration[] broken =
        [
            Probe[0],
            new("probe", "0002_broken", "INSERT INTO probe.runs VALUES (7); SELECT * FROM probe.no_such_table;"),
            Probe[2],
        ];

        var failure = Assert.ThrowsAsync<MigrationFailedException>(() => runner.ApplyAsync(broken));

        Assert.That(failure!.Message, Does.Contain("probe/0002_broken"));
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM probe.runs"), Is.Zero, "the failed script's insert was rolled back");
        var recorded = (await connection.QueryAsync<string>("SELECT id FROM platform.schema_migrations WHERE module = 'probe' ORDER BY id")).ToList();
        Assert.That(recorded, Is.EqualTo(new[] { "0001_things" }), "the script before it stays applied; nothing after it ran");
    }

    [Test]
    public async Task AppliedMigration_ThatWasEdited_IsRefused()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateAsync("migrate-edited"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(Probe[..1]);

        var failure = Assert.ThrowsAsync<MigrationFailedException>(() =>
            runner.ApplyAsync([new Migration("probe", "0001_things", "CREATE TABLE probe.other (id int);")]));

        Assert.That(failure!.Message, Does.Contain("probe/0001_things").And.Contain("changed"));
    }

    [Test]
    public void Discover_FindsTheAccessModulesEmbeddedScripts_InOrder()
    {
        var migrations = MigrationRunner.Discover(new Pool.Modules.Access.AccessModule());

        Assert.That(migrations, Is.Not.Empty);
        Assert.That(migrations.Select(m => m.Id), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(migrations.All(m => m.Module == "access"), Is.True);
    }
}
