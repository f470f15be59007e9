using System.Globalization;
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

/// <summary>The card page: status change (only the spec's transitions), controls editor, replacement, PAN reveal (admin, audited).</summary>
internal static class CardPages
{
    public static void Map(IEndpointRouteBuilder console)
    {
        console.MapGet("/cards/{id}", (HttpContext c, string id, string? done, AdminApi api) => RenderAsync(new ConsoleView(c), id, done, null, null, null, api));
        console.MapPost("/cards/{id}/status", ChangeStatusAsync);
        console.MapPost("/cards/{id}/controls", SetControlsAsync);
        console.MapPost("/cards/{id}/replacement", ReplaceAsync);
        console.MapPost("/cards/{id}/pan", RevealAsync);
        console.MapPost("/cards/search", FindByPanAsync);
    }

    /// <summary>The changes admin-api.md §3 allows from each status; the page offers only these.</summary>
    public static IReadOnlyList<string> AllowedFrom(string status) => status switch
    {
        "active" => ["frozen", "lost", "stolen", "closed"],
        "frozen" => ["active", "lost", "stolen", "closed"],
        "lost" => ["stolen", "closed"],
        "stolen" => ["lost", "closed"],
        _ => [],
    };

    private static readonly string[] ControlFields = ["perTransactionLimit", "dailyLimit", "monthlyLimit", "dailyCount", "blockedMccs", "allowEcommerce", "allowInternational", "allowCash"];

    private static async Task<IResult> RenderAsync(ConsoleView view, string id, string? done, ApiAnswer? failed, IFormCollection? submitted, string? pan, AdminApi api)
    {
        var card = await api.GetAsync(view.Context, $"/api/cards/{Uri.EscapeDataString(id)}");
        if (!card.IsSuccess)
        {
            return view.Refused(card, "read the card");
        }

        var c = card.Body;
        var status = c.Text("status");
        var action = $"/console/cards/{E(Uri.EscapeDataString(id))}";
        var body = new StringBuilder();
        if (done is { Length: > 0 })
        {
            body.Append($"<p class=\"notice\" role=\"status\">{E(done switch { "status" => "Status changed.", "controls" => "Controls saved.", _ => "Done." })}</p>");
        }

        if (failed is not null && failed.FieldErrors.Count == 0)
        {
            body.Append($"<p class=\"error\" role=\"alert\">{E(failed.Problem)}</p>");
        }

        body.Append("<table><tbody>")
            .Append($"<tr><th>Card</th><td data-testid=\"card\">{Card(c.Text("bin"), c.Text("last4"))}</td></tr>")
            .Append($"<tr><th>Cardholder</th><td><a href=\"/console/cardholders/{E(c.Text("cardholderId"))}\">{E(c.Text("cardholderId"))}</a></td></tr>")
            .Append($"<tr><th>Expiry</th><td>{E(c.Text("expiry"))}</td></tr>")
            .Append($"<tr><th>Status</th><td data-testid=\"status\">{E(status)}</td></tr>");
        if (c.Text("replacedBy") is { Length: > 0 } replacedBy)
        {
            body.Append($"<tr><th>Replaced by</th><td><a href=\"/console/cards/{E(replacedBy)}\">{E(replacedBy)}</a></td></tr>");
        }

        body.Append("</tbody></table>");
        body.Append($"<p><a href=\"/console/authorizations?{Query(("cardId", id))}\">This card's authorizations</a></p>");

        if (pan is not null)
        {
            body.Append($"<p class=\"pan\" data-testid=\"pan\">{E(pan)}</p><p>This reveal is in the audit trail under your key's name.</p>");
        }
        else if (view.IsAdmin)
        {
            body.Append($"<form method=\"post\" action=\"{action}/pan\" class=\"inline\">{view.Guards()}<button type=\"submit\">Reveal full card number</button></form>");
        }

        if (view.CanOperate)
        {
            var allowed = AllowedFrom(status);
            if (allowed.Count > 0)
            {
                body.Append("<h2>Status</h2>");
                foreach (var to in allowed)
                {
                    body.Append($"<form method=\"post\" action=\"{action}/status\" class=\"inline\">{view.Guards()}<input type=\"hidden\" name=\"status\" value=\"{E(to)}\"><button type=\"submit\" data-testid=\"status-{E(to)}\">{E(Verb(to))}</button></form>");
                }
            }

            if (status is "lost" or "stolen" && c.Text("replacedBy").Length == 0)
            {
                body.Append($"<form method=\"post\" action=\"{action}/replacement\" class=\"inline\">{view.Guards()}<button type=\"submit\">Issue a replacement card</button></form>");
            }
        }

        body.Append(ControlsForm(view, action, c.Field("controls"), failed, submitted));
        return view.Page("Card " + c.Text("bin") + "······" + c.Text("last4"), body.ToString(), failed?.Status ?? StatusCodes.Status200OK);
    }

    private static string Verb(string to) => to switch
    {
        "active" => "Unfreeze",
        "frozen" => "Freeze",
        "lost" => "Mark lost",
        "stolen" => "Mark stolen",
        "closed" => "Close",
        _ => to,
    };

    private static string ControlsForm(ConsoleView view, string action, JsonElement controls, ApiAnswer? failed, IFormCollection? submitted)
    {
        var errors = failed?.FieldErrors ?? new Dictionary<string, string>();
        string Value(string name) => submitted is not null
            ? FormValues.Text(submitted, name)
            : name == "blockedMccs"
                ? string.Join(", ", controls.Items("blockedMccs").Select(m => m.ToString()))
                : controls.Number(name)?.ToString(CultureInfo.InvariantCulture) ?? "";
        bool On(string name) => submitted is not null ? FormValues.Checked(submitted, name) : controls.Flag(name) == true;
        string Error(string name)
        {
            // The API names fields as JSON paths (blockedMccs[1]); every error under a field goes beside it.
            var messages = errors.Where(e => e.Key == name || e.Key.StartsWith(name + "[", StringComparison.OrdinalIgnoreCase)).Select(e => e.Value).ToList();
            return messages.Count == 0 ? "" : $"<span class=\"field-error\" role=\"alert\" data-testid=\"error-{name}\">{E(string.Join(" ", messages))}</span>";
        }

        var disabled = view.CanOperate ? "" : " disabled";
        var html = new StringBuilder($"<h2>Controls</h2><form method=\"post\" action=\"{action}/controls\" data-testid=\"controls-form\"><fieldset{disabled}>");
        if (view.CanOperate)
        {
            html.Append(view.Guards());
        }

        foreach (var (name, label) in new[] { ("perTransactionLimit", "Per transaction (yen)"), ("dailyLimit", "Daily (yen)"), ("monthlyLimit", "Monthly (yen)"), ("dailyCount", "Authorizations per day") })
        {
            html.Append($"<div class=\"field\"><label for=\"{name}\">{label}</label><input id=\"{name}\" name=\"{name}\" value=\"{E(Value(name))}\" placeholder=\"none\">{Error(name)}</div>");
        }

        html.Append($"<div class=\"field\"><label for=\"blockedMccs\">Blocked MCCs</label><input id=\"blockedMccs\" name=\"blockedMccs\" value=\"{E(Value("blockedMccs"))}\" placeholder=\"e.g. 7995, 6011\">{Error("blockedMccs")}</div>");
        foreach (var (name, label) in new[] { ("allowEcommerce", "E-commerce"), ("allowInternational", "International"), ("allowCash", "Cash") })
        {
            html.Append($"<div class=\"field\"><label for=\"{name}\">{label}</label><input type=\"checkbox\" id=\"{name}\" name=\"{name}\" value=\"true\"{(On(name) ? " checked" : "")}>{Error(name)}</div>");
        }

        var other = errors.Where(e => !ControlFields.Any(f => e.Key == f || e.Key.StartsWith(f + "[", StringComparison.OrdinalIgnoreCase))).Select(e => e.Key + ": " + e.Value).ToList();
        if (other.Count > 0)
        {
            html.Append($"<p class=\"error\" role=\"alert\">{E(string.Join(" ", other))}</p>");
        }

        if (view.CanOperate)
        {
            html.Append("<button type=\"submit\">Save controls</button>");
        }

        return html.Append("</fieldset></form>").ToString();
    }

    private static async Task<IResult> ChangeStatusAsync(HttpContext context, string id, [FromForm] IFormCollection form, AdminApi api)
    {
        var answer = await api.SendJsonAsync(context, HttpMethod.Put, $"/api/cards/{Uri.EscapeDataString(id)}/status", new { status = FormValues.Text(form, "status") }, null);
        return await AfterAsync(new ConsoleView(context), id, answer, "status", null, api);
    }

    private static async Task<IResult> SetControlsAsync(HttpContext context, string id, [FromForm] IFormCollection form, AdminApi api)
    {
        var mccs = FormValues.Text(form, "blockedMccs").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var body = new Dictionary<string, object?>
        {
            ["perTransactionLimit"] = FormValues.NumberOrText(form, "perTransactionLimit"),
            ["dailyLimit"] = FormValues.NumberOrText(form, "dailyLimit"),
            ["monthlyLimit"] = FormValues.NumberOrText(form, "monthlyLimit"),
            ["dailyCount"] = FormValues.NumberOrText(form, "dailyCount"),
            ["blockedMccs"] = mccs,
            ["allowEcommerce"] = FormValues.Checked(form, "allowEcommerce"),
            ["allowInternational"] = FormValues.Checked(form, "allowInternational"),
            ["allowCash"] = FormValues.Checked(form, "allowCash"),
        };
        var answer = await api.SendJsonAsync(context, HttpMethod.Put, $"/api/cards/{Uri.EscapeDataString(id)}/controls", body, null);
        return await AfterAsync(new ConsoleView(context), id, answer, "controls", form, api);
    }

    private static async Task<IResult> ReplaceAsync(HttpContext context, string id, [FromForm] IFormCollection form, AdminApi api)
    {
        var answer = await api.SendAsync(context, HttpMethod.Post, $"/api/cards/{Uri.EscapeDataString(id)}/replacement", null, FormValues.IdempotencyKey(form));
        if (!answer.IsSuccess)
        {
            return await AfterAsync(new ConsoleView(context), id, answer, "replacement", null, api);
        }

        // The answer holds the new card's full PAN; the console shows only where the new card is.
        return Results.Redirect($"/console/cards/{Uri.EscapeDataString(answer.Body.Text("id"))}?done=replacement");
    }

    /// <summary>Admin: the card with this full number (the API's audited vault lookup); the number is never put in a URL.</summary>
    private static async Task<IResult> FindByPanAsync(HttpContext context, [FromForm] IFormCollection form, AdminApi api)
    {
        var answer = await api.SendJsonAsync(context, HttpMethod.Post, "/api/cards/search", new { pan = FormValues.Text(form, "pan").Replace(" ", "", StringComparison.Ordinal) }, null);
        return answer.IsSuccess
            ? Results.Redirect($"/console/cards/{Uri.EscapeDataString(answer.Body.Text("id"))}")
            : new ConsoleView(context).Refused(answer, "find the card");
    }

    private static async Task<IResult> RevealAsync(HttpContext context, string id, [FromForm] IFormCollection form, AdminApi api)
    {
        var view = new ConsoleView(context);
        var answer = await api.GetAsync(context, $"/api/cards/{Uri.EscapeDataString(id)}/pan");
        return answer.IsSuccess
            ? await RenderAsync(view, id, null, null, null, answer.Body.Text("pan"), api)
            : view.Refused(answer, "reveal the card number");
    }

    private static async Task<IResult> AfterAsync(ConsoleView view, string id, ApiAnswer answer, string what, IFormCollection? submitted, AdminApi api)
    {
        if (answer.IsSuccess)
        {
            return Results.Redirect($"/console/cards/{Uri.EscapeDataString(id)}?done={what}");
        }

        return answer.Status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound
            ? view.Refused(answer, "change the card")
            : await RenderAsync(view, id, null, answer, submitted, null, api);
    }
}
