using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pool.Modules.Jobs;

/// <summary>Meter <c>Pool.Jobs</c>: runs by job and outcome, and how long they took.</summary>
internal sealed class JobsMetrics
{
    public const string MeterName = "Pool.Jobs";

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;

    public JobsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _runs = meter.CreateCounter<long>("pool.jobs.runs", unit: "{run}", description: "Job runs that ended, by job and outcome.");
        _duration = meter.CreateHistogram<double>("pool.jobs.run.duration", unit: "s", description: "How long job runs took, every attempt included.");
    }

    public void RunEnded(string job, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        _runs.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }
}
