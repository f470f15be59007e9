using Pool.Modules.Abstractions;
using Pool.Modules.Authorization.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>The engine host's role for the rest of the host (<see cref="IEngineStatus"/>, <see cref="IActiveEngineProbe"/>).</summary>
internal sealed class EngineStatus(EngineHost host) : IEngineStatus, IActiveEngineProbe
{
    public bool IsActiveHere => host.Role == EngineRole.Active;

    public string Role => host.Role switch
    {
        EngineRole.Starting => "starting",
        EngineRole.Standby => "standby",
        EngineRole.Loading => "loading",
        EngineRole.Active => "active",
        EngineRole.Stopped => "stopped",
        var role => throw new InvalidOperationException($"Engine role {role} has no name."),
    };
}
