using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Abstractions;
using Pool.Modules.Console.Http;
using Pool.Modules.Console.Rendering;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Pages;

/// <summary>The audit trail (admin), filterable by key name, action and outcome over each page read.</summary>
internal static class AuditPages
{
    /// <summary>Entries read per page; the filters apply to these.</summary>
    private const int RowsRead = 500;

    public static void Map(IEndpointRouteBuilder console) =>
        console.MapGet("/audit", ListAsync).RequireAuthorization(AccessPolicies.Admin);

    private static async Task<IResult> ListAsync(HttpContext context, string? key, string? action, string? outcome, string? cursor, AdminApi api)
    {
        var view = new ConsoleView(context);
        var answer = await api.GetAsync(context, "/api/audit?" + Query(("cursor", cursor), ("limit", RowsRead.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (!answer.IsSuccess)
        {
            return view.Refused(answer, "read the audit trail");
        }

        var rows = answer.Body.Items().Where(r =>
            (string.IsNullOrEmpty(key) || r.Text("keyName").Contains(key, StringComparison.OrdinalIgnoreCase))
            && (string.IsNullOrEmpty(action) || r.Text("action").Contains(action, StringComparison.OrdinalIgnoreCase))
            && (string.IsNullOrEmpty(outcome) || r.Text("outcome") == outcome));
        var body = new StringBuilder($"""
            <form method="get" action="/console/audit" class="filters">
              <span class="field"><label for="key">Key name</label><input id="key" name="key" value="{E(key)}"></span>
              <span class="field"><label for="action">Action contains</label><input id="action" name="action" value="{E(action)}"></span>
              <span class="field"><label for="outcome">Outcome</label><input id="outcome" name="outcome" value="{E(outcome)}" size="4"></span>
              <button type="submit">Filter</button>
            </form>
            <table data-testid="audit"><thead><tr><th>When</th><th>Key</th><th>Role</th><th>Action</th><th>Target</th><th>Outcome</th></tr></thead><tbody>
            """);
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
