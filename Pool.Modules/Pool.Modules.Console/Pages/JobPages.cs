using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Console.Http;
using Pool.Modules.Console.Rendering;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Pages;

/// <summary>Jobs: schedule, last and next run, run now, run history with summaries and errors.</summary>
internal static class JobPages
{
    public static void Map(IEndpointRouteBuilder console)
    {
        console.MapGet("/jobs", ListAsync);
        console.MapGet("/jobs/{name}", ShowAsync);
        console.MapPost("/jobs/{name}/runs", RunAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, AdminApi api)
    {
        var view = new ConsoleView(context);
        var jobs = await api.GetAsync(context, "/api/jobs");
        if (!jobs.IsSuccess)
        {
            return view.Refused(jobs, "list jobs");
        }

        var body = new StringBuilder("<table data-testid=\"jobs\"><thead><tr><th>Job</th><th>Schedule</th><th>Last run</th><th>Outcome</th><th>Next run</th><th></th></tr></thead><tbody>");
        foreach (var job in jobs.Body.Items())
        {
            var name = job.Text("name");
            var last = job.Field("lastRun");
            body.Append($"<tr><td><a href=\"/console/jobs/{E(name)}\">{E(name)}</a><br><small>{E(job.Text("description"))}</small></td><td>{E(job.Text("schedule"))} ({E(job.Text("timeZone"))}){(job.Flag("enabled") == false ? ", disabled" : "")}</td>")
                .Append($"<td>{Time(last.Time("startedAt"))}</td><td>{E(last.Text("outcome"))}</td><td>{Time(job.Time("nextRunAt"))}</td><td>{RunButton(view, name)}</td></tr>");
        }

        return view.Page("Jobs", body.Append("</tbody></table>").ToString());
    }

    private static string RunButton(ConsoleView view, string name) =>
        view.CanOperate
            ? $"<form method=\"post\" action=\"/console/jobs/{E(name)}/runs\" class=\"inline\">{view.Guards()}<button type=\"submit\" data-testid=\"run-{E(name)}\">Run now</button></form>"
            : "";

    private static async Task<IResult> ShowAsync(HttpContext context, string name, string? cursor, string? done, AdminApi api)
    {
        var view = new ConsoleView(context);
        var runs = await api.GetAsync(context, $"/api/jobs/{Uri.EscapeDataString(name)}/runs?" + Query(("cursor", cursor), ("limit", "50")));
        if (!runs.IsSuccess)
        {
            return view.Refused(runs, "read the job's runs");
        }

        var body = new StringBuilder();
        if (done is { Length: > 0 })
        {
            body.Append("<p class=\"notice\" role=\"status\">Run started.</p>");
        }

        body.Append(RunButton(view, name));
        body.Append("<table data-testid=\"runs\"><thead><tr><th>Started</th><th>Ended</th><th>Outcome</th><th>Trigger</th><th>Summary</th><th>Error</th></tr></thead><tbody>");
        foreach (var run in runs.Body.Items())
        {
            body.Append($"<tr><td>{Time(run.Time("startedAt"))}</td><td>{Time(run.Time("endedAt"))}</td><td>{E(run.Text("outcome"))}</td><td>{E(run.Text("trigger"))}</td><td>{E(run.Text("summary"))}</td><td class=\"error\">{E(run.Text("error"))}</td></tr>");
        }

        body.Append("</tbody></table>");
        if (runs.Body.Text("nextCursor") is { Length: > 0 } next)
        {
            body.Append($"<p><a href=\"/console/jobs/{E(name)}?{Query(("cursor", next))}\">Older runs</a></p>");
        }

        return view.Page("Job " + name, body.ToString());
    }

    private static async Task<IResult> RunAsync(HttpContext context, string name, [FromForm] IFormCollection form, AdminApi api)
    {
        var answer = await api.SendAsync(context, HttpMethod.Post, $"/api/jobs/{Uri.EscapeDataString(name)}/runs", null, FormValues.IdempotencyKey(form));
        return answer.IsSuccess
            ? Results.Redirect($"/console/jobs/{Uri.EscapeDataString(name)}?done=run")
            : new ConsoleView(context).Refused(answer, "start the job");
    }
}
