using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Console.Http;
using Pool.Modules.Console.Rendering;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Pages;

/// <summary>
/// The overview: live figures from the host's own metrics (polled as JSON every few seconds by
/// console.js, drawn as small SVG charts), jobs whose last run failed, and clearing exceptions waiting.
/// </summary>
internal static class OverviewPages
{
    public static void Map(IEndpointRouteBuilder console)
    {
        console.MapGet("/", ShowAsync);
        // Milliseconds of the monotonic clock, through a double: ticks × 1000 in a long overflows after
        // about 106 days of uptime with a 1 GHz timestamp.
        console.MapGet("/overview/metrics", (ConsoleMetrics metrics, TimeProvider time) => Results.Json(Figures(metrics.Snapshot((long)(time.GetTimestamp() * 1000.0 / time.TimestampFrequency)))));
    }

    private static object Figures(OverviewFigures figures) => new
    {
        values = new Dictionary<string, double?>
        {
            ["rate"] = figures.AuthorizationsPerSecond,
            ["decisionP50"] = figures.DecisionP50Ms,
            ["decisionP99"] = figures.DecisionP99Ms,
            ["commitP50"] = figures.CommitP50Ms,
            ["commitP99"] = figures.CommitP99Ms,
            ["connections"] = figures.LinkConnections,
            ["answered91"] = figures.Answered91,
        },
        mix = figures.Mix,
    };

    private static async Task<IResult> ShowAsync(HttpContext context, AdminApi api)
    {
        var view = new ConsoleView(context);
        var jobs = await api.GetAsync(context, "/api/jobs");
        var exceptions = await api.GetAsync(context, "/api/clearing/exceptions?limit=10");
        var body = new StringBuilder("<section data-metrics=\"/console/overview/metrics\"><div class=\"cards\">");
        foreach (var (name, label, unit) in new[]
        {
            ("rate", "Authorizations", "/s"), ("decisionP50", "Decision p50", "ms"), ("decisionP99", "Decision p99", "ms"),
            ("commitP50", "Journal commit p50", "ms"), ("commitP99", "Journal commit p99", "ms"), ("connections", "Link connections", ""), ("answered91", "Answered 91", "since start"),
        })
        {
            body.Append($"<div class=\"stat\">{label}<b><span data-value=\"{name}\">—</span> <small>{unit}</small></b>")
                .Append($"<svg class=\"chart\" data-series=\"{name}\" viewBox=\"0 0 200 50\" width=\"200\" height=\"50\" role=\"img\" aria-label=\"{label} over the last minutes\"><polyline points=\"\"></polyline></svg></div>");
        }

        body.Append("</div><p>Approval mix by response code (since start): <span data-mix>—</span></p></section>");

        body.Append("<h2>Jobs whose last run failed</h2><ul data-testid=\"failed-jobs\">");
        var failed = jobs.Body.Items().Where(j => j.Field("lastRun").Text("outcome") == "failed").ToList();
        foreach (var job in failed)
        {
            var last = job.Field("lastRun");
            body.Append($"<li><a href=\"/console/jobs/{E(job.Text("name"))}\">{E(job.Text("name"))}</a> at {Time(last.Time("startedAt"))}: {E(last.Text("error"))}</li>");
        }

        body.Append(failed.Count == 0 ? "<li>None.</li></ul>" : "</ul>");
        body.Append("<h2>Clearing exceptions waiting</h2>");
        var waiting = exceptions.Body.Items().ToList();
        body.Append(waiting.Count == 0
            ? "<p>None.</p>"
            : $"<p>{waiting.Count}{(exceptions.Body.Text("nextCursor").Length > 0 ? " or more" : "")}: <a href=\"/console/clearing\">see them</a>.</p>");
        return view.Page("Overview", body.ToString(), script: "console.js");
    }
}
