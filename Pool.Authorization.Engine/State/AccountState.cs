namespace Pool.Authorization.Engine.State;

/// <summary>
/// One deposit account (ARCHITECTURE §3): posted and held, in JPY minor units; available = posted − held.
/// Only forced events (advices, clearing) may take available below zero.
/// </summary>
internal struct AccountState
{
    public long AccountId;
    public long PostedMinor;
    public long HeldMinor;

    public readonly long AvailableMinor => PostedMinor - HeldMinor;
}
