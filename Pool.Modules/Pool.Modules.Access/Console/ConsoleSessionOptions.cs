namespace Pool.Modules.Access.Console;

/// <summary>Limits of console sessions.</summary>
internal static class ConsoleSessionOptions
{
    /// <summary>Idle time after which a session ends, in minutes; sliding: every request in the second half renews it. A back-office shift's pause, not a day.</summary>
    public const int IdleMinutes = 30;

    /// <summary>The claim holding the key's session stamp (<see cref="ApiKeys.ApiKeyStore.IsCurrent"/>).</summary>
    public const string StampClaim = "pool:session-stamp";
}
