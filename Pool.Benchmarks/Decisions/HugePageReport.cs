using System.Globalization;

namespace Pool.Benchmarks.Decisions;

/// <summary>
/// How much of a native table the kernel backs with transparent huge pages: AnonHugePages of the
/// /proc/self/smaps mapping that contains it (Linux only; docs/benchmarks-engine.md quotes it).
/// </summary>
internal static class HugePageReport
{
    public static string Describe(string name, nint address, long bytes)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/smaps"))
        {
            return $"{name}: {bytes / 1024 / 1024} MiB (huge pages not reported on this system)";
        }

        return $"{name}: {bytes / 1024 / 1024} MiB at 0x{address:x}, AnonHugePages of its mapping {AnonHugePagesKiBAt(address) / 1024} MiB";
    }

    private static long AnonHugePagesKiBAt(nint address)
    {
        var inMapping = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash
                && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                inMapping = (ulong)address >= start && (ulong)address < end;
                continue;
            }

            if (inMapping && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                return long.Parse(line["AnonHugePages:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
