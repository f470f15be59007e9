using Microsoft.Extensions.Hosting;

namespace Pool.Modules.Access.ApiKeys;

/// <summary>
/// Builds the key store when the host starts rather than on the first request, so the Development
/// admin key exists (and its path is logged) as soon as the host says it is running.
/// </summary>
internal sealed class ApiKeyStoreWarmUp(ApiKeyStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = store.Count;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
