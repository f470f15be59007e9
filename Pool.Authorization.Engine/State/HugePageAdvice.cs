using System.Runtime.InteropServices;

namespace Pool.Authorization.Engine.State;

/// <summary><c>madvise(MADV_HUGEPAGE)</c> on Linux through libc; anywhere else (or without libc) it reports false.</summary>
internal static unsafe partial class HugePageAdvice
{
    // linux/mman.h (asm-generic): "worth backing with hugepages".
    private const int MadviseHugePage = 14;

    public static bool TryAdvise(void* address, nuint bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Madvise(address, bytes, MadviseHugePage) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without madvise: the table works on normal pages.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(void* address, nuint length, int advice);
}
