using Pool.Authorization.Engine.Processing;

namespace Pool.Modules.Authorization.Link;

/// <summary>The engine the link submits to: null while this instance is standby or still loading state.</summary>
internal interface IEngineAccess
{
    AuthorizationEngine? Engine { get; }
}
