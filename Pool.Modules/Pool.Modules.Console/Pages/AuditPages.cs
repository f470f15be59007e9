using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Abstractions;
using Pool.Modules.Console.Http;
using Pool.Modules.Console.Rendering;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Pages;

/// <summary>The audit trail (admin), filtered by the API by key name, action and outcome.</summary>
internal static class AuditPages
{
    /// <summary>Entries per page.</summary>
    private const int PageSize = 50;

    public static void Map(IEndpointRouteBuilder console) =>
        console.MapGet("/audit", ListAsync).RequireAuthorization(AccessPolicies.Admin);

    private static async Task<IResult> ListAsync(HttpContext context, string? key, string? action, string? outcome, string? cursor, AdminApi api)
    {
        var view = new ConsoleView(context);
        var answer = await api.GetAsync(context, "/api/audit?" + Query(
            ("keyName", key), ("action", action), ("outcome", outcome), ("cursor", cursor), ("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (!answer.IsSuccess && answer.FieldErrors.Count == 0)
        {
            return view.Refused(answer, "read the audit trail");
        }

        var errors = answer.IsSuccess ? new Dictionary<string, string>() : answer.FieldErrors;
        string Error(string apiField, string formField) => errors.TryGetValue(apiField, out var message)
            ? $"<span class=\"field-error\" role=\"alert\" data-testid=\"error-{formField}\">{E(message)}</span>"
            : "";
        var body = new StringBuilder($"""
            <form method="get" action="/console/audit" class="filters">
              <span class="field"><label for="key">Key name</label><input id="key" name="key" value="{E(key)}">{Error("keyName", "key")}</span>
              <span class="field"><label for="action">Action contains</label><input id="action" name="action" value="{E(action)}">{Error("action", "action")}</span>
              <span class="field"><label for="outcome">Outcome</label><input id="outcome" name="outcome" value="{E(outcome)}" size="4">{Error("outcome", "outcome")}</span>
              <button type="submit">Filter</button>
            </form>
            """);
        if (!answer.IsSuccess)
        {
            return view.Page("Audit", body.ToString(), answer.Status);
        }

        body.Append("""
            <table data-testid="audit"><thead><tr><th>When</th><th>Key</th><th>Role</th><th>Action</th><th>Target</th><th>Outcome</th></tr></thead><tbody>
            """);
        var rows = answer.Body.Items();
        foreach (var row in rows)
        {
            body.Append($"<tr><td>{Time(row.Time("at"))}</td><td>{E(row.Text("keyName"))}</td><td>{E(row.Text("role"))}</td><td>{E(row.Text("action"))}</td><td>{E(row.Text("target"))}</td><td>{E(row.Text("outcome"))}</td></tr>");
        }

        body.Append("</tbody></table>");
        if (answer.Body.Text("nextCursor") is { Length: > 0 } next)
        {
            body.Append($"<p><a href=\"/console/audit?{Query(("key", key), ("action", action), ("outcome", outcome), ("cursor", next))}\">Older</a></p>");
        }

        return view.Page("Audit", body.ToString());
    }
}
