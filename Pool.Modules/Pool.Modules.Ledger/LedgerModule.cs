using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Ledger.Api;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;
using Pool.Modules.Ledger.Jobs;

namespace Pool.Modules.Ledger;

/// <summary>
/// Ledger: double-entry, append-only accounts and transfers after TigerBeetle's (docs/ledger.md), cardholder
/// balances, and the deposit, withdrawal, balance and ledger-entry endpoints. Other modules use
/// <see cref="ILedgerAccounts"/>, <see cref="ILedgerTransfers"/> and <see cref="ILedgerCheck"/>.
/// </summary>
public sealed class LedgerModule : IModule
{
    public string Name => "ledger";

    // Cards and the authorization engine build on the ledger's accounts.
    public int Order => 20;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<LedgerMetrics>();
        services.AddSingleton<LedgerTransfers>();
        services.AddSingleton<ILedgerTransfers>(provider => provider.GetRequiredService<LedgerTransfers>());
        services.AddSingleton<LedgerAccounts>();
        services.AddSingleton<ILedgerAccounts>(provider => provider.GetRequiredService<LedgerAccounts>());
        services.AddSingleton<LedgerCheck>();
        services.AddSingleton<ILedgerCheck>(provider => provider.GetRequiredService<LedgerCheck>());
        services.AddSingleton<ProductCredits>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => LedgerApi.Map(endpoints);

    public IEnumerable<JobDefinition> Jobs => [LedgerCheckJob.Definition, YieldAccrualJob.Definition, YieldCreditJob.Definition, CashbackCreditJob.Definition];
}
