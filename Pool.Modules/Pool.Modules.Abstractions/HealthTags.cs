namespace Pool.Modules.Abstractions;

/// <summary>Health check tags.</summary>
public static class HealthTags
{
    /// <summary>Checks that must pass before the host takes traffic (<c>/health/ready</c>).</summary>
    public const string Ready = "ready";

    /// <summary>Checks that must pass before the network is sent to this instance (<c>/health/link</c>): only the active engine passes.</summary>
    public const string Link = "link";
}
