using System.Runtime.InteropServices;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// One deposit account (ARCHITECTURE §3): posted and held, in JPY minor units; available = posted − held.
/// Only forced events (advices, clearing) may take available below zero. Padded to 32 bytes in a
/// 64-byte-aligned table, so a row never straddles two cache lines (24-byte rows did, one in four).
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct AccountState
{
    public long AccountId;
    public long PostedMinor;
    public long HeldMinor;

    public readonly long AvailableMinor => PostedMinor - HeldMinor;
}
