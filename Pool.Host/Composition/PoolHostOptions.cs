namespace Pool.Host.Composition;

/// <summary>Host-level settings (section <c>Pool</c>).</summary>
public sealed class PoolHostOptions
{
    public const string Section = "Pool";

    /// <summary>Apply migrations when the host starts. Production runs them as a separate <c>migrate</c> task with the migration role.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
