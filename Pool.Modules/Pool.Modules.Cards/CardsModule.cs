using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pool.Modules.Abstractions;
using Pool.Modules.Cards.Api;
using Pool.Modules.Cards.Application;
using Pool.Modules.Cards.Configuration;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Demo;
using Pool.Modules.Cards.Persistence;
using Pool.Modules.Cards.Vault;

namespace Pool.Modules.Cards;

/// <summary>
/// Cards: cardholders, cards issued under the configured BIN, the PAN vault, the lifecycle and the
/// controls (docs/cards.md). Other modules see only <see cref="ICardDirectory"/>.
/// </summary>
public sealed class CardsModule : IModule
{
    public string Name => "cards";

    /// <summary>After Access (10); the Cards tables reference no other module's.</summary>
    public int Order => 30;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CardsOptions>()
            .BindConfiguration(CardsOptions.Section)
            .PostConfigure<IHostEnvironment, ILoggerFactory, TimeProvider>((options, environment, loggers, time) =>
                UseDevelopmentKeysIfNoneConfigured(options, environment, configuration, loggers, time))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CardsOptions>, CardsOptionsValidator>();
        services.AddSingleton(provider => VaultKeysNote(provider, configuration));

        services.AddSingleton<PanVault>();
        services.AddSingleton<CardsMetrics>();
        services.AddSingleton<CardStore>();
        services.AddSingleton<CardholderStore>();
        services.AddSingleton<CardIssuer>();
        services.AddSingleton<CardAdministration>();
        services.AddSingleton<VaultRekeying>();
        services.AddSingleton<CardDirectory>();
        services.AddSingleton<ICardDirectory>(provider => provider.GetRequiredService<CardDirectory>());
        // Scoped: it needs the Ledger's contract, whose lifetime the Ledger module chooses.
        services.AddScoped<CardholderService>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => CardsApi.Map(endpoints);

    public IEnumerable<CliVerb> Verbs =>
    [
        new CliVerb(
            "cards rekey",
            "",
            "Moves every PAN vault record to Cards:Vault:ActiveKeyId (after a key rotation).",
            async (context, cancellationToken) =>
            {
                var moved = await context.Services.GetRequiredService<VaultRekeying>().RekeyAllAsync(cancellationToken);
                await context.Output.WriteLineAsync($"Re-keyed {moved} vault record(s).");
                return 0;
            }),
    ];

    public async Task SeedDemoDataAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await CardsDemoData.SeedAsync(scope.ServiceProvider, output, cancellationToken);
    }

    /// <summary>
    /// Development without configured keys uses a key set kept in
    /// <c>.pool/vault-keys.json</c>, made at first start. Elsewhere no keys fails validation at start.
    /// </summary>
    private static void UseDevelopmentKeysIfNoneConfigured(CardsOptions options, IHostEnvironment environment, IConfiguration configuration, ILoggerFactory loggers, TimeProvider time)
    {
        if (options.Vault.Keys.Count > 0 || !GeneratesKeys(environment))
        {
            return;
        }

        var path = DevelopmentKeysPath(configuration);
        if (DevelopmentVaultKeys.LoadOrCreate(path, options.Vault, time))
        {
            CardsLog.DevelopmentVaultKeysCreated(loggers.CreateLogger<CardsModule>(), path);
        }
    }

    private static StartupNote VaultKeysNote(IServiceProvider provider, IConfiguration configuration)
    {
        var environment = provider.GetRequiredService<IHostEnvironment>();
        var configured = configuration.GetSection(CardsOptions.Section + ":Vault:Keys").GetChildren().Any();
        return new StartupNote("Vault keys", configured || !GeneratesKeys(environment) ? "from Cards:Vault:Keys" : DevelopmentKeysPath(configuration));
    }

    /// <summary>Only Development: anywhere else a generated key would hide a missing secret until the data is unreadable.</summary>
    private static bool GeneratesKeys(IHostEnvironment environment) => environment.IsDevelopment();

    private static string DevelopmentKeysPath(IConfiguration configuration) =>
        Path.Combine(LocalState.Directory(configuration), DevelopmentVaultKeys.FileName);
}
