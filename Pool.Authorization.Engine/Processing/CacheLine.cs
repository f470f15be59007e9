using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// Software prefetch: asks the core to start loading a cache line now so that a later read finds it
/// there. A hint only — it never faults, changes no state, and where the instruction is not available
/// (not x86) it does nothing, so every caller behaves the same with or without it.
/// </summary>
internal static class CacheLine
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch(void* address)
    {
        if (Sse.IsSupported)
        {
            // PREFETCHT0: into every cache level, for data about to be read and written.
            Sse.Prefetch0(address);
        }
    }
}
