using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Host;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Platform;

/// <summary>The host's verbs and its refusal to start on bad configuration.</summary>
[TestFixture]
public sealed class HostCommandLineTests
{
    [Test]
    public async Task MigrateVerb_AppliesEveryModulesMigrations_AndExitsZero()
    {
        var connectionString = await TestDatabase.CreateAsync("migrate-verb");

        var exitCode = await PoolProgram.RunAsync(["migrate", $"--ConnectionStrings:Pool={connectionString}"]);

        Assert.That(exitCode, Is.Zero);
        await using var connection = new NpgsqlConnection(connectionString);
        var modules = (await connection.QueryAsync<string>("SELECT DISTINCT module FROM platform.schema_migrations")).ToList();
        Assert.That(modules, Does.Contain("access"));
    }

    [Test]
    public async Task UnknownVerb_ExitsWithUsageError()
    {
        var exitCode = await PoolProgram.RunAsync(["no-such-verb"]);

        Assert.That(exitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task MessageDecode_OfTheSpecExample_ExitsZero_AndMasksThePan()
    {
        var hex = Convert.ToHexString(SpecExamples.Frame("0100 purchase"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await MessageVerbs.RunAsync("message decode", ["pool", hex], TextReader.Null, output, error);

        Assert.That(exitCode, Is.Zero, error.ToString());
        Assert.That(output.ToString(), Does.Contain("424242******4242").And.Not.Contain("4242424242424242"));
    }

    [Test]
    public async Task MessageDecode_ReadsStandardInput_AndShowsThePanOnlyWhenAsked()
    {
        var hex = Convert.ToHexString(SpecExamples.Frame("0100 purchase"));
        using var output = new StringWriter();

        var exitCode = await MessageVerbs.RunAsync("message decode", ["pool", "-", "--show-pan"], new StringReader(hex), output, TextWriter.Null);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output.ToString(), Does.Contain("4242424242424242"));
    }

    [Test]
    public async Task MessageDecode_OfAMalformedMessage_PrintsTheErrorAndExitsOne()
    {
        var hex = Convert.ToHexString(SpecExamples.Frame("Malformed"));
        using var error = new StringWriter();

        var exitCode = await MessageVerbs.RunAsync("message decode", ["pool", hex], TextReader.Null, TextWriter.Null, error);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("CharacterInvalid").Or.Contain("field"));
    }

    [Test]
    public async Task MessageVerbs_ThroughTheHostsCommandLine_NeedNoDatabase()
    {
        var exitCode = await PoolProgram.RunAsync(["message", "decode", "no-such-dialect", "00"]);

        Assert.That(exitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task HelpVerb_ExitsZero()
    {
        var exitCode = await PoolProgram.RunAsync(["help"]);

        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public async Task Host_WithATooShortApiKey_DoesNotStart_AndNamesTheSetting()
    {
        var connectionString = await TestDatabase.CreateAsync("bad-key");

        var failure = Assert.CatchAsync<OptionsValidationException>(async () =>
        {
            await using var host = await TestHost.StartAsync(connectionString, new Dictionary<string, string?> { ["Admin:ApiKeys:0:Key"] = "short" });
        });

        Assert.That(failure!.Message, Does.Contain("Admin:ApiKeys:0:Key"));
    }

    [Test]
    public async Task Host_WithAnUnknownRole_DoesNotStart_AndNamesTheSetting()
    {
        var connectionString = await TestDatabase.CreateAsync("bad-role");

        var failure = Assert.CatchAsync<OptionsValidationException>(async () =>
        {
            await using var host = await TestHost.StartAsync(connectionString, new Dictionary<string, string?> { ["Admin:ApiKeys:1:Role"] = "superuser" });
        });

        Assert.That(failure!.Message, Does.Contain("Admin:ApiKeys:1:Role"));
    }
}
