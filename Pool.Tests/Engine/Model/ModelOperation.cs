using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;

namespace Pool.Tests.Engine.Model;

/// <summary>One generated operation: a network request or an account command (clock moves and restarts are steps of their own).</summary>
internal sealed record ModelOperation(AuthorizationRequest? Request, AccountCommand? Command, string Description)
{
    public override string ToString() => Description;
}
