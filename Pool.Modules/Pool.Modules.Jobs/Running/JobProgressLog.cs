using Microsoft.Extensions.Logging;

namespace Pool.Modules.Jobs.Running;

/// <summary>Progress of a scheduled or API-started run: written to the log at Debug, synchronously and in order.</summary>
internal sealed class JobProgressLog(ILogger logger, string job, long runId) : IProgress<string>
{
    public void Report(string value) => JobsLog.Progress(logger, job, runId, value);
}
