using Pool.Host.Composition;
using Pool.Host.Database;
using Pool.Modules.Abstractions;

namespace Pool.Host;

/// <summary>
/// The command line: <c>run</c> (the default) serves everything; <c>migrate</c> applies migrations and
/// exits; modules add operator verbs (<c>job run &lt;name&gt;</c>, <c>clearing import &lt;file&gt;</c>…).
/// Arguments the verb does not take go to ASP.NET Core configuration (<c>--urls</c>, <c>--Key=value</c>).
/// </summary>
public static class PoolProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var modules = ModuleCatalog.Discover();
        var command = CommandLine.Parse(args, modules);
        var output = Console.Out;
        var error = Console.Error;

        switch (command.Verb)
        {
            case CommandLine.HelpVerb:
                CommandLine.WriteHelp(output, modules);
                return 0;
            case CommandLine.UnknownVerb:
                await error.WriteLineAsync($"Unknown command '{command.Words}'. Try 'help'.");
                return 2;
            case CommandLine.MessageDecodeVerb or CommandLine.MessageEncodeVerb:
                // The inspector needs no database: it runs before (and without) the host.
                return await MessageVerbs.RunAsync(command.Verb, command.VerbArguments, Console.In, output, error);
        }

        using var shutdown = new CancellationTokenSource();
        PoolApplication pool;
        try
        {
            pool = await PoolApplication.CreateAsync(command.ConfigurationArguments, cancellationToken: shutdown.Token);
        }
        catch (Exception exception) when (exception is InvalidOperationException or MigrationFailedException or Npgsql.NpgsqlException)
        {
            await error.WriteLineAsync($"Pool could not start: {exception.Message}");
            return 1;
        }

        await using (pool)
        {
            try
            {
                return command.Verb switch
                {
                    CommandLine.MigrateVerb => await MigrateAsync(pool, output),
                    CommandLine.RunVerb => await ServeAsync(pool, command.Demo, output),
                    _ => await RunModuleVerbAsync(pool, command, output, error),
                };
            }
            catch (MigrationFailedException exception)
            {
                await error.WriteLineAsync($"Pool could not start: {exception.Message}");
                return 1;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException exception)
            {
                await error.WriteLineAsync($"Pool could not start, the configuration is invalid: {exception.Message}");
                return 1;
            }
        }
    }

    private static async Task<int> MigrateAsync(PoolApplication pool, TextWriter output)
    {
        var applied = await pool.MigrateAsync();
        await output.WriteLineAsync($"Applied {applied} migration(s).");
        return 0;
    }

    private static async Task<int> ServeAsync(PoolApplication pool, bool demo, TextWriter output)
    {
        await pool.StartAsync();
        if (demo)
        {
            foreach (var module in pool.Modules)
            {
                await module.SeedDemoDataAsync(pool.App.Services, output, pool.App.Lifetime.ApplicationStopping);
            }
        }

        await WriteBannerAsync(pool, output);
        await pool.App.WaitForShutdownAsync();
        return 0;
    }

    private static async Task<int> RunModuleVerbAsync(PoolApplication pool, CommandLine command, TextWriter output, TextWriter error)
    {
        if (pool.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PoolHostOptions>>().Value.MigrateOnStart)
        {
            await pool.MigrateAsync();
        }

        var verb = command.ModuleVerb!;
        return await verb.RunAsync(new CliContext(pool.App.Services, command.VerbArguments, output, error), CancellationToken.None);
    }

    private static async Task WriteBannerAsync(PoolApplication pool, TextWriter output)
    {
        var api = pool.ApiAddresses.FirstOrDefault();
        await output.WriteLineAsync();
        await output.WriteLineAsync("Pool is running. Ctrl+C stops it.");
        if (api is not null)
        {
            await output.WriteLineAsync($"  Admin API        {new Uri(api, "/api")}");
            await output.WriteLineAsync($"  API reference    {new Uri(api, "/reference")}");
            await output.WriteLineAsync($"  OpenAPI          {new Uri(api, "/openapi/v1.json")}");
            await output.WriteLineAsync($"  Health, metrics  {new Uri(api, "/health/ready")}, {new Uri(api, "/metrics")}");
        }

        foreach (var tcp in pool.App.Services.GetServices<TcpEndpoint>())
        {
            await output.WriteLineAsync($"  {tcp.Name,-16} {tcp.Bound?.ToString() ?? "not bound"} (TCP)");
        }

        foreach (var note in pool.App.Services.GetServices<StartupNote>())
        {
            await output.WriteLineAsync($"  {note.Label,-16} {note.Value}");
        }

        await output.WriteLineAsync($"  Database         {(pool.UsesEmbeddedDatabase ? "embedded PostgreSQL under " + LocalState.Directory(pool.App.Configuration) : "ConnectionStrings:Pool")}");
        await output.FlushAsync();
    }
}
