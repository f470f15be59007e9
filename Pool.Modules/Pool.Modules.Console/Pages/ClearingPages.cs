using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Console.Http;
using Pool.Modules.Console.Rendering;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Pages;

/// <summary>Clearing: upload a file (its report as a table), imported files, exceptions with their record numbers.</summary>
internal static class ClearingPages
{
    /// <summary>Largest upload through the console, in bytes (64 MiB: some 240,000 records of 256 bytes); bigger files go through the CLI.</summary>
    public const long UploadBytesMax = 64L * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder console)
    {
        console.MapGet("/clearing", (HttpContext c, string? cursor, AdminApi api) => RenderAsync(new ConsoleView(c), cursor, null, api));
        console.MapPost("/clearing/files", UploadAsync).WithMetadata(new RequestSizeLimitAttribute(UploadBytesMax));
    }

    private static async Task<IResult> RenderAsync(ConsoleView view, string? cursor, ApiAnswer? imported, AdminApi api)
    {
        var context = view.Context;
        var files = await api.GetAsync(context, "/api/clearing/files?limit=20");
        var exceptions = await api.GetAsync(context, "/api/clearing/exceptions?" + Query(("cursor", cursor), ("limit", "50")));
        if (!exceptions.IsSuccess)
        {
            return view.Refused(exceptions, "read clearing exceptions");
        }

        var body = new StringBuilder();
        if (imported is not null)
        {
            body.Append(imported.IsSuccess
                ? "<h2>Import report</h2>" + Report(imported.Body)
                : $"<p class=\"error\" role=\"alert\" data-testid=\"import-error\">{E(imported.Problem)}</p>");
        }

        if (view.CanOperate)
        {
            body.Append($"""
                <h2>Import a file</h2>
                <form method="post" action="/console/clearing/files" enctype="multipart/form-data" data-testid="upload-form" data-upload>
                  {view.Guards()}
                  <input type="file" name="file" required> <button type="submit">Import</button>
                  <progress max="100" value="0" hidden></progress> <span data-upload-status></span>
                </form>
                """);
        }

        body.Append("<h2>Imported files</h2><table><thead><tr><th>File id</th><th>State</th><th>Read</th><th>Matched</th><th>Exceptions</th></tr></thead><tbody>");
        foreach (var file in files.Body.Items())
        {
            var report = file.Field("report");
            body.Append($"<tr><td>{E(file.Text("fileId"))}</td><td>{E(file.Text("state"))}</td><td class=\"num\">{report.Number("recordsRead")}</td><td class=\"num\">{report.Field("matched").Number("count")}</td><td class=\"num\">{report.Field("exceptions").Number("count")}</td></tr>");
        }

        body.Append("</tbody></table><h2>Exceptions</h2><table data-testid=\"exceptions\"><thead><tr><th>File</th><th class=\"num\">Record</th><th>Reason</th><th>Code</th><th>ARN</th><th>Card</th><th class=\"num\">Amount</th><th>Recorded</th></tr></thead><tbody>");
        foreach (var row in exceptions.Body.Items())
        {
            var card = row.Field("card");
            body.Append($"<tr><td>{E(row.Text("fileId"))}</td><td class=\"num\">{row.Number("recordNumber")}</td><td>{E(row.Text("reason"))}</td><td>{E(row.Text("transactionCode"))}</td><td>{E(row.Text("arn"))}</td><td>{Card(card.Text("bin"), card.Text("last4"))}</td><td class=\"num\">{Yen(row.Number("amount"))}</td><td>{Time(row.Time("recordedAt"))}</td></tr>");
        }

        body.Append("</tbody></table>");
        if (exceptions.Body.Text("nextCursor") is { Length: > 0 } next)
        {
            body.Append($"<p><a href=\"/console/clearing?{Query(("cursor", next))}\">Older exceptions</a></p>");
        }

        return view.Page("Clearing", body.ToString(), imported is { IsSuccess: false } ? imported.Status : StatusCodes.Status200OK, "console.js");
    }

    private static string Report(JsonElement report)
    {
        var html = new StringBuilder($"<p>File <b>{E(report.Text("fileId"))}</b>, processing date {E(report.Text("processingDate"))}, {report.Number("recordsRead")} records read.</p>");
        html.Append("<table data-testid=\"report\"><thead><tr><th></th><th class=\"num\">Count</th><th class=\"num\">Total</th></tr></thead><tbody>");
        foreach (var (name, label) in new[] { ("matched", "Matched"), ("forcePosted", "Force-posted"), ("credits", "Credits"), ("reversals", "Reversals"), ("exceptions", "Exceptions"), ("duplicates", "Duplicates") })
        {
            var total = report.Field(name);
            html.Append($"<tr><th>{label}</th><td class=\"num\">{total.Number("count")}</td><td class=\"num\">{Yen(total.Number("amountMinor"))}</td></tr>");
        }

        var fileTotals = report.Field("fileTotals");
        html.Append($"<tr><th>File totals (trailer, as checked)</th><td class=\"num\">{fileTotals.Number("detailCount")}</td><td class=\"num\">debits {Yen(fileTotals.Number("debitsMinor"))}, credits {Yen(fileTotals.Number("creditsMinor"))}</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    private static async Task<IResult> UploadAsync(HttpContext context, [FromForm] IFormCollection form, AdminApi api)
    {
        var view = new ConsoleView(context);
        var file = form.Files["file"];
        if (file is null || file.Length == 0)
        {
            return await RenderAsync(view, null, new ApiAnswer(StatusCodes.Status400BadRequest, JsonSerializer.SerializeToElement(new { title = "Choose a clearing file to import." })), api);
        }

        await using var stream = file.OpenReadStream();
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var answer = await api.SendAsync(context, HttpMethod.Post, "/api/clearing/files", content, FormValues.IdempotencyKey(form));
        return answer.Status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
            ? view.Refused(answer, "import the file")
            : await RenderAsync(view, null, answer, api);
    }
}
