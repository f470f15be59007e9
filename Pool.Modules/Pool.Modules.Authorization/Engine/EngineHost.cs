using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Authorization.Link;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Hosts the engine (ARCHITECTURE §5, docs/engine.md "Hosting"). At start it tries to take the lease;
/// with it, it loads the state, starts an engine under the lease's epoch and publishes it to the link
/// (<see cref="IEngineAccess"/>). Without it, the instance is standby: the link answers 91, admin writes
/// answer 503, and the lease is tried again every <see cref="EngineHostOptions.LeaseRetryMs"/>. An active
/// instance whose lease connection dies, or whose journal is fenced off, unpublishes and disposes its
/// engine and goes back to standby. Stopping unpublishes, lets the engine flush, and releases the lease.
/// </summary>
internal sealed class EngineHost : IHostedService, IEngineAccess, IAsyncDisposable
{
    private readonly IOptions<EngineOptions> _engineOptions;
    private readonly EngineHostOptions _options;
    private readonly EngineStateLoader _loader;
    private readonly PostgresJournalCommitter _committer;
    private readonly JournalProjector _projector;
    private readonly CardCatalogAccess _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<EngineHost> _logger;
    private readonly string _connectionString;
    private readonly string _holder;
    private readonly CancellationTokenSource _stopping = new();
    private readonly AuthorizationTelemetry _telemetry;
    private AuthorizationEngine? _engine;
    private PostgresLease? _lease;
    private Task? _loop;
    private volatile EngineRole _role = EngineRole.Starting;
    private bool _standbyLogged;
    private int _disposed;

    public EngineHost(
        IOptions<EngineOptions> engineOptions,
        IOptions<EngineHostOptions> options,
        EngineStateLoader loader,
        PostgresJournalCommitter committer,
        JournalProjector projector,
        CardCatalogAccess catalog,
        IConfiguration configuration,
        TimeProvider time,
        ILogger<EngineHost> logger)
    {
        _engineOptions = engineOptions;
        _options = options.Value;
        _loader = loader;
        _committer = committer;
        _projector = projector;
        _catalog = catalog;
        _time = time;
        _logger = logger;
        _connectionString = configuration.GetConnectionString("Pool") ?? throw new InvalidOperationException("ConnectionStrings:Pool is not set.");
        _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
        _telemetry = new AuthorizationTelemetry(() => _role == EngineRole.Active ? 1 : 0, () => Volatile.Read(ref _engine)?.Epoch ?? 0);
    }

    /// <summary>The active engine, or null while standby, loading or stopping (the link then answers 91).</summary>
    public AuthorizationEngine? Engine => Volatile.Read(ref _engine);

    public EngineRole Role => _role;

    /// <summary>The loaded cards' ids (card numbers ↔ ids, accounts by cardholder).</summary>
    public CardCatalog Catalog => _catalog.Current;

    /// <summary>Held while state is loaded and published: a write that bypasses the engine (an account it does not hold) takes it too, so a load never misses it.</summary>
    public SemaphoreSlim LoadGate { get; } = new(1, 1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first attempt is made before the host takes traffic, so a lone instance is active when
        // start returns; later attempts run in the background loop.
        var active = false;
        try
        {
            active = await TryActivateAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuthorizationLog.StartFailed(_logger, exception);
            await DeactivateAsync();
        }

        _loop = Task.Run(() => RunAsync(active, _stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        Volatile.Write(ref _disposed, 1);

        _stopping.Dispose();
        _telemetry.Dispose();
        LoadGate.Dispose();
    }

    private async Task RunAsync(bool active, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (!active)
                {
                    try
                    {
                        active = await TryActivateAsync(stopping);
                    }
                    catch (Exception exception) when (!stopping.IsCancellationRequested)
                    {
                        AuthorizationLog.StartFailed(_logger, exception);
                        await DeactivateAsync();
                    }

                    if (!active)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(_options.LeaseRetryMs), _time, stopping);
                        continue;
                    }
                }

                var reason = await WatchAsync(stopping);
                if (reason is null)
                {
                    break;
                }

                AuthorizationLog.Deposed(_logger, _lease?.Epoch ?? 0, reason);
                await DeactivateAsync();
                active = false;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            var epoch = _lease?.Epoch ?? 0;
            await DeactivateAsync();
            if (epoch != 0)
            {
                AuthorizationLog.Stopped(_logger, epoch);
            }
        }
    }

    /// <summary>Waits until the lease is lost, the engine is fenced off, or the host stops (null).</summary>
    private async Task<string?> WatchAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_options.LeaseCheckMs), _time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }

            if (Engine is { IsDeposed: true })
            {
                return "the journal rejected its epoch";
            }

            if (_lease is null || !await _lease.CheckAsync(_options.LeaseCheckTimeoutMs, stopping))
            {
                return "the lease connection was lost";
            }
        }

        return null;
    }

    /// <summary>Takes the lease if free, then loads and publishes an engine. False: standby.</summary>
    private async Task<bool> TryActivateAsync(CancellationToken cancellationToken)
    {
        var (lease, holder) = await PostgresLease.TryAcquireAsync(_connectionString, _options.LeaseLockKey, _holder, _time, cancellationToken);
        if (lease is null)
        {
            _role = EngineRole.Standby;
            if (!_standbyLogged)
            {
                AuthorizationLog.Standby(_logger, holder, _options.LeaseRetryMs);
                _standbyLogged = true;
            }

            return false;
        }

        _standbyLogged = false;
        _lease = lease;
        AuthorizationLog.LeaseTaken(_logger, lease.Epoch);
        await LoadAndPublishAsync(cancellationToken);
        return true;
    }

    private async Task LoadAndPublishAsync(CancellationToken cancellationToken)
    {
        var lease = _lease ?? throw new InvalidOperationException("Loading needs the lease.");
        _role = EngineRole.Loading;
        await LoadGate.WaitAsync(cancellationToken);
        try
        {
            // The tables the state is loaded from are derived from the journal: first project what a
            // previous holder committed but did not project (it needs the catalog, so load, project, and
            // load again only when something was projected).
            var loaded = await _loader.LoadAsync(_engineOptions.Value, cancellationToken);
            _catalog.Current = loaded.Catalog;
            var (position, projected) = await _projector.CatchUpAsync(lease.Epoch, cancellationToken);
            if (projected > 0)
            {
                loaded = await _loader.LoadAsync(_engineOptions.Value, cancellationToken);
                _catalog.Current = loaded.Catalog;
            }

            _committer.Reset(position);
            _projector.Start(lease.Epoch, position);
            var engine = new AuthorizationEngine(loaded.State, _committer, lease.Epoch, _time);
            engine.Start();
            Volatile.Write(ref _engine, engine);
            _role = EngineRole.Active;
            AuthorizationLog.Active(_logger, lease.Epoch, loaded.State.CardCount, loaded.State.AccountCount, loaded.Holds, loaded.RecentAnswers, loaded.ElapsedMs);
        }
        finally
        {
            LoadGate.Release();
        }
    }

    /// <summary>Stops publishing the engine (the link answers 91 from now on) and lets it flush what it decided.</summary>
    private async Task UnpublishAsync()
    {
        var engine = Interlocked.Exchange(ref _engine, null);
        if (engine is not null)
        {
            _role = EngineRole.Loading;
            await engine.DisposeAsync();
        }

        // Project what the engine committed (bounded); the rest is projected at the next activation.
        await _projector.StopAsync(TimeSpan.FromMilliseconds(_options.ProjectionDrainMs));
    }

    private async Task DeactivateAsync()
    {
        await UnpublishAsync();
        _role = _stopping.IsCancellationRequested ? EngineRole.Stopped : EngineRole.Standby;
        var lease = Interlocked.Exchange(ref _lease, null);
        if (lease is not null)
        {
            await lease.DisposeAsync();
        }
    }
}

/// <summary>What this instance's engine is doing.</summary>
internal enum EngineRole
{
    Starting = 0,
    Standby = 1,
    Loading = 2,
    Active = 3,
    Stopped = 4,
}
