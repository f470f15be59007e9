using System.ComponentModel.DataAnnotations;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Section <c>Authorization:Hosting</c>: how the engine is hosted (lease, loading). The engine's own
/// tables and budgets are <c>Authorization:Engine</c>, bound onto <see cref="Pool.Authorization.Engine.Processing.EngineOptions"/>.
/// </summary>
internal sealed class EngineHostOptions
{
    public const string Section = "Authorization:Hosting";

    public const string EngineSection = "Authorization:Engine";

    /// <summary>How often a standby tries to take the lease, in ms (the brief's "every second").</summary>
    [Range(50, 60_000)]
    public int LeaseRetryMs { get; set; } = 1000;

    /// <summary>How often the active instance checks that its lease connection is alive, in ms.</summary>
    [Range(50, 60_000)]
    public int LeaseCheckMs { get; set; } = 1000;

    /// <summary>
    /// Time one lease check may take before the connection counts as dead, in ms. Short: a deposed
    /// instance stops deciding soon after its lease could have passed to another (fencing catches the rest).
    /// </summary>
    [Range(100, 60_000)]
    public int LeaseCheckTimeoutMs { get; set; } = 2000;

    /// <summary>
    /// Recent answers reloaded at start for retransmissions (spec §8), newest log rows first. The network
    /// repeats within seconds (advices every 5 s), so a few minutes of traffic is enough; the engine's
    /// per-partition table bounds what is kept anyway.
    /// </summary>
    [Range(0, 100_000_000)]
    public int RecentAnswersLoadedMax { get; set; } = 262_144;

    /// <summary>
    /// Clearing postings of one <see cref="Contracts.IAuthorizationLedgerGateway.PostClearingBatchAsync"/> in the
    /// engine at a time: enough to fill several journal commits of <c>JournalBatchMax</c> (512) records, well
    /// under a partition's undo log (8,192), so the link's requests never find it full because of clearing.
    /// </summary>
    [Range(1, 8_192)]
    public int ClearingCommandsInFlightMax { get; set; } = 2_048;

    /// <summary>How long an admin write waits for the engine's journal, in ms, before answering 503.</summary>
    [Range(100, 600_000)]
    public int AdminCommandTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// At stop or reload, how long the host lets the journal projector apply what the engine committed,
    /// in ms. What is left stays in the journal table and is projected at the next activation.
    /// </summary>
    [Range(0, 600_000)]
    public int ProjectionDrainMs { get; set; } = 10_000;

    /// <summary>The advisory lock key of the lease (any bigint agreed by every instance of one database).</summary>
    public long LeaseLockKey { get; set; } = 0x504F_4F4C_4155_5448; // "POOLAUTH"
}
