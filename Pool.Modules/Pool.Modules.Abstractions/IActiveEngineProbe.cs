namespace Pool.Modules.Abstractions;

/// <summary>
/// Whether this process holds the active authorization engine, for modules that cannot see the
/// Authorization module (the Jobs module routes <see cref="JobDefinition.RunsOnActiveEngine"/> jobs by it).
/// No registration means no engine here.
/// </summary>
public interface IActiveEngineProbe
{
    /// <summary>True while this process's engine is active (it holds the lease and has loaded its state).</summary>
    bool IsActiveHere { get; }
}
