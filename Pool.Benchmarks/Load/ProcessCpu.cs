using System.Diagnostics;
using System.Globalization;

namespace Pool.Benchmarks.Load;

/// <summary>
/// CPU time of processes over the measured window (<c>--watch host=PID,postgres=PID</c>), so a run says where the
/// machine's two cores went: the host, its PostgreSQL cluster (the postmaster and its children: backends, WAL
/// writer, checkpointer) and the load generator itself. Read from /proc on Linux; empty elsewhere.
/// </summary>
internal sealed class ProcessCpu
{
    /// <summary>USER_HZ: /proc reports CPU time in ticks of 1/100 s on Linux.</summary>
    private const double TicksPerSecond = 100;

    private readonly IReadOnlyList<(string Name, int Pid)> _watched;
    private Dictionary<string, double>? _start;
    private long _startTimestamp;

    public ProcessCpu(string? watch)
    {
        _watched = string.IsNullOrWhiteSpace(watch)
            ? []
            : watch.Split(',').Select(Parse).ToList();
    }

    /// <summary>Marks the start of the measured window.</summary>
    public void Start()
    {
        _start = Read();
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>CPU per watched name (and <c>load</c>, this process) since <see cref="Start"/>, in percent of one core.</summary>
    public IReadOnlyDictionary<string, double> PercentOfACore()
    {
        if (_start is null)
        {
            return new Dictionary<string, double>();
        }

        var end = Read();
        var seconds = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        return end.ToDictionary(e => e.Key, e => Math.Round(100 * (e.Value - _start.GetValueOrDefault(e.Key)) / seconds, 1));
    }

    private Dictionary<string, double> Read()
    {
        var seconds = new Dictionary<string, double> { ["load"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds };
        if (!OperatingSystem.IsLinux() || _watched.Count == 0)
        {
            return seconds;
        }

        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                if (!children.TryGetValue(stat.Parent, out var list))
                {
                    children[stat.Parent] = list = [];
                }

                list.Add(pid);
            }
        }

        foreach (var (name, pid) in _watched)
        {
            var ticks = Stat(pid)?.Ticks ?? 0;
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                ticks += Stat(child)?.Ticks ?? 0;
            }

            seconds[name] = ticks / TicksPerSecond;
        }

        return seconds;
    }

    /// <summary>The parent and the CPU ticks (own and waited-for children's) of a process, or null when it is gone.</summary>
    private static (int Parent, double Ticks)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After the command name (which may hold spaces): state ppid … utime(14) stime(15) cutime(16) cstime(17).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = 0d;
            for (var i = 11; i <= 14; i++)
            {
                ticks += double.Parse(fields[i], CultureInfo.InvariantCulture);
            }

            return (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static (string Name, int Pid) Parse(string item)
    {
        var parts = item.Split('=');
        return parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && parts[0].Length > 0
            ? (parts[0], pid)
            : throw new ArgumentException($"--watch takes name=pid pairs separated by commas, not '{item}'.");
    }
}
