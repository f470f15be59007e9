using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Abstractions;
using Pool.Modules.Authorization.Api;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Authorization.Engine;
using Pool.Modules.Authorization.Jobs;
using Pool.Modules.Authorization.Link;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization;

/// <summary>
/// Authorization: hosts the engine (lease, state loading, PostgreSQL journal), serves the ISO 8583 link,
/// routes admin money and card changes through the engine, and lists authorizations (docs/engine.md).
/// Other modules see <see cref="IAuthorizationLedgerGateway"/>; it implements the Ledger's
/// <see cref="IBalanceMovementGateway"/> and the Cards' <see cref="ICardChangeGateway"/>.
/// </summary>
public sealed class AuthorizationModule : IModule
{
    public string Name => "authorization";

    /// <summary>After Ledger (20) and Cards (30): it loads their accounts and cards.</summary>
    public int Order => 200;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .BindConfiguration(EngineHostOptions.EngineSection)
            .Validate(IsValid, $"{EngineHostOptions.EngineSection} is out of range (see EngineOptions).")
            .ValidateOnStart();
        services.AddOptions<EngineHostOptions>().BindConfiguration(EngineHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthorizationLinkOptions>().BindConfiguration(AuthorizationLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<CardCatalogAccess>();
        services.AddSingleton<AdminCommandRegistry>();
        services.AddSingleton<JournalProjector>();
        services.AddSingleton<ILedgerReadBarrier>(provider => provider.GetRequiredService<JournalProjector>());
        services.AddSingleton<PostgresJournalCommitter>();
        services.AddSingleton<EngineStateLoader>();
        services.AddSingleton<EngineHost>();
        services.AddHostedService(provider => provider.GetRequiredService<EngineHost>());
        services.AddSingleton<IEngineAccess>(provider => provider.GetRequiredService<EngineHost>());
        services.AddSingleton<EngineStatus>();
        services.AddSingleton<IEngineStatus>(provider => provider.GetRequiredService<EngineStatus>());
        services.AddSingleton<IActiveEngineProbe>(provider => provider.GetRequiredService<EngineStatus>());
        services.AddSingleton<EngineCommandRunner>();
        services.AddSingleton<IEngineBalanceComparison, EngineBalanceComparison>();
        services.AddSingleton<IBalanceMovementGateway, BalanceMovementGateway>();
        services.AddSingleton<ICardChangeGateway, CardChangeGateway>();
        services.AddSingleton<IAuthorizationLedgerGateway, AuthorizationLedgerGateway>();
        services.AddHealthChecks()
            .AddCheck<EngineReadyHealthCheck>("authorization-engine", tags: [HealthTags.Ready])
            .AddCheck<EngineLinkHealthCheck>("authorization-link", tags: [HealthTags.Link]);

        services.AddSingleton<IPanTokenizer, CardDirectoryPanTokenizer>();
        services.AddSingleton<LinkMetrics>();
        services.AddSingleton<LinkConnectionHandler>();
        var link = configuration.GetSection(AuthorizationLinkOptions.Section).Get<AuthorizationLinkOptions>() ?? new AuthorizationLinkOptions();
        services.AddSingleton(new TcpEndpoint("Authorization link", link.EndPoint, listen =>
        {
            if (link.TlsCertificatePath is { Length: > 0 } path)
            {
                listen.UseHttps(X509CertificateLoader.LoadPkcs12FromFile(path, link.TlsCertificatePassword));
            }

            listen.UseConnectionHandler<LinkConnectionHandler>();
        }));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => AuthorizationsApi.Map(endpoints);

    public IEnumerable<JobDefinition> Jobs => [HoldExpiryJob.Definition];

    private static bool IsValid(EngineOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
