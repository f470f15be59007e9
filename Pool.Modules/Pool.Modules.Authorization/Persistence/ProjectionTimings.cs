using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>The steps of one projection transaction, in order (<see cref="ProjectionTimings"/>).</summary>
internal enum ProjectionStep
{
    Fence,
    HoldVersions,
    Plan,
    Ledger,
    Log,
    Holds,
    CardStates,
    AdminCommands,
    Advance,
    Commit,
}

/// <summary>
/// Wall time per step of one projection transaction (profiling aid, issue 8: where a projected batch's time
/// goes). Each <see cref="Mark"/> closes the step that ran since the previous mark.
/// </summary>
internal sealed class ProjectionTimings
{
    private const int StepCount = (int)ProjectionStep.Commit + 1;
    private readonly long[] _ticks = new long[StepCount];
    private long _last = Stopwatch.GetTimestamp();

    public void Mark(ProjectionStep step)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)step] += now - _last;
        _last = now;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        for (var step = 0; step < StepCount; step++)
        {
            text.Append(step == 0 ? "" : ", ")
                .Append(((ProjectionStep)step).ToString())
                .Append(' ')
                .Append((_ticks[step] * 1000.0 / Stopwatch.Frequency).ToString("F1", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
