using System.Runtime.InteropServices;

namespace Pool.Benchmarks.Load;

/// <summary>
/// Sub-millisecond sleeps for the open-loop sender. <c>Thread.Sleep</c> has millisecond resolution, and the
/// sender used to yield in a loop below a millisecond, which kept one of the machine's two cores busy doing
/// nothing while the host and PostgreSQL needed it (about 40% of a core at 10,000/s, measured). On Linux the
/// thread's timer slack is set to 1 ns (prctl PR_SET_TIMERSLACK, default 50 µs) and the sleep is one
/// <c>nanosleep</c>, which wakes within a few microseconds of the deadline; elsewhere it falls back to
/// <c>Thread.Sleep(1)</c> above a millisecond and a yield below. Lateness still counts as latency, because
/// latency is measured from the scheduled time.
/// </summary>
internal static partial class PreciseSleep
{
    private const int PrSetTimerSlack = 29;

    /// <summary>Call once on the thread that will sleep.</summary>
    public static void PrepareThread()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    public static void Sleep(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            var nanoseconds = duration.Ticks * 100;
            var request = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            _ = NanoSleep(in request, IntPtr.Zero);
            return;
        }

        if (duration >= TimeSpan.FromMilliseconds(1))
        {
            Thread.Sleep(1);
        }
        else
        {
            Thread.Yield();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
