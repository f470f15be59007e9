using System.Globalization;
using Pool.Modules.Clearing.Contracts;

namespace Pool.Modules.Clearing.Cli;

/// <summary>Writes progress lines as they come (not through a synchronization context, so they stay in order).</summary>
internal sealed class CliProgress(TextWriter output, TimeProvider time) : IProgress<ClearingProgress>
{
    private readonly long _started = time.GetTimestamp();

    public void Report(ClearingProgress value)
    {
        var elapsed = time.GetElapsedTime(_started).TotalSeconds;
        var total = value.Total is { } known ? string.Create(CultureInfo.InvariantCulture, $" of {known:N0}") : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {elapsed,7:F1} s  {value.Phase,-8} {value.Records,12:N0}{total}"));
    }
}
