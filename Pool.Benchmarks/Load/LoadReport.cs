using System.Diagnostics;
using HdrHistogram;
using System.Globalization;
using System.Text.Json;

namespace Pool.Benchmarks.Load;

/// <summary>Writes a run's <c>result.json</c> and <c>latency.svg</c> under <c>--out</c>, and makes the summary line.</summary>
internal static class LoadReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static (string SummaryLine, string Directory) Write(LoadOptions options, LoadResult result, string? targetDescription)
    {
        Directory.CreateDirectory(options.Out);
        var h = result.Latency;
        var achieved = result.Answered / result.AnsweringSeconds;
        var rate = options.Rate > 0 ? options.Rate.ToString(CultureInfo.InvariantCulture) : "max";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"load: target={options.Target} rate={rate} achieved={achieved:F0}/s p50={Ms(P(h, 50))} p99={Ms(P(h, 99))} p99.9={Ms(P(h, 99.9))} max={Ms(h.GetMaxValue())} errors={result.Errors} late={result.Late}{(result.NotSent > 0 ? $" not-sent={result.NotSent}" : "")}");
        var document = new
        {
            summary,
            target = options.Target,
            targetDescription,
            commit = Git("rev-parse", "--short", "HEAD"),
            startedAtUtc = DateTime.UtcNow.AddSeconds(-(options.WarmupSeconds + options.DurationSeconds)).ToString("O", CultureInfo.InvariantCulture),
            machine = new { Environment.ProcessorCount, os = Environment.OSVersion.VersionString, loadAverageBefore = result.LoadAverageBefore, loadAverageAfter = result.LoadAverageAfter },
            options = new { options.Connections, offeredPerSecond = options.Rate, options.DurationSeconds, options.WarmupSeconds, options.Mix, options.Cards, options.InFlight, options.BaselinePool },
            sent = result.Sent,
            notSent = result.NotSent,
            answered = result.Answered,
            answeringSeconds = Math.Round(result.AnsweringSeconds, 2),
            achievedPerSecond = Math.Round(achieved),
            latencyMicroseconds = new
            {
                p50 = P(h, 50),
                p90 = P(h, 90),
                p99 = P(h, 99),
                p999 = P(h, 99.9),
                max = h.GetMaxValue(),
                mean = h.TotalCount == 0 ? 0 : Math.Round(h.GetMean()),
            },
            late = result.Late,
            errors = result.Errors,
            unanswered = result.Unanswered,
            errorsByKind = result.ErrorsByKind,
            errorSamples = result.ErrorSamples,
            warmupErrors = result.WarmupErrors,
            sentByKind = result.SentByKind,
            perSecond = result.PerSecond,
            cpuPercentOfACore = result.CpuPercentOfACore,
        };
        File.WriteAllText(Path.Combine(options.Out, "result.json"), JsonSerializer.Serialize(document, Json));
        File.WriteAllText(Path.Combine(options.Out, "latency.svg"), LatencySvg.Render($"{options.Target}, offered {rate}/s, achieved {achieved:F0}/s ({options.Connections} connections)", result.PerSecond));
        return (summary, options.Out);
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>A percentile in microseconds, 0 when nothing was answered (HdrHistogram throws then).</summary>
    private static long P(HdrHistogram.LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile);

    private static string Ms(long microseconds) => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000.0:0.###}ms");

    private static string Git(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
