namespace Pool.Modules.Authorization.Contracts;

/// <summary>
/// What this instance's authorization engine is doing, for answers that depend on it: a write the engine
/// must see first is refused with 503 on any instance whose engine is not active, and the refusal names
/// the role (docs/infra.md "Admin writes go to the active engine").
/// </summary>
public interface IEngineStatus
{
    /// <summary>
    /// The role in lower case: <c>starting</c>, <c>standby</c>, <c>loading</c>, <c>active</c> or <c>stopped</c>.
    /// An <c>active</c> engine can still refuse a write when its journal cannot record it.
    /// </summary>
    string Role { get; }
}
