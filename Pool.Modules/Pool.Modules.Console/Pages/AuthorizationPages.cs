using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Console.Http;
using Pool.Modules.Console.Rendering;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Pages;

/// <summary>The authorization list with filters, and one authorization explained in words.</summary>
internal static class AuthorizationPages
{
    /// <summary>
    /// Rows read per list page. The API filters by card and cardholder; response code, status and dates
    /// are filtered here, over this many of the newest rows of that selection (each page says so).
    /// </summary>
    private const int RowsRead = 500;

    public static void Map(IEndpointRouteBuilder console)
    {
        console.MapGet("/authorizations", ListAsync);
        console.MapGet("/authorizations/{id}", ShowAsync);
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, string? cardId, string? cardholderId, string? code, string? status, string? from, string? to, string? cursor, AdminApi api)
    {
        var view = new ConsoleView(context);
        var answer = await api.GetAsync(context, "/api/authorizations?" + Query(
            ("cardId", cardId), ("cardholderId", cardholderId), ("cursor", cursor), ("limit", RowsRead.ToString(CultureInfo.InvariantCulture))));
        if (!answer.IsSuccess)
        {
            return view.Refused(answer, "list authorizations");
        }

        var fromDate = DateOnly.TryParse(from, CultureInfo.InvariantCulture, out var f) ? f : (DateOnly?)null;
        var toDate = DateOnly.TryParse(to, CultureInfo.InvariantCulture, out var t) ? t : (DateOnly?)null;
        var rows = answer.Body.Items().Where(row =>
            (string.IsNullOrEmpty(code) || row.Text("responseCode") == code)
            && (string.IsNullOrEmpty(status) || row.Text("status") == status)
            && InRange(row.Time("createdAt"), fromDate, toDate)).ToList();

        var body = new StringBuilder();
        body.Append($"""
            <form method="get" action="/console/authorizations" class="filters">
              <span class="field"><label for="cardId">Card id</label><input id="cardId" name="cardId" value="{E(cardId)}"></span>
              <span class="field"><label for="cardholderId">Cardholder id</label><input id="cardholderId" name="cardholderId" value="{E(cardholderId)}"></span>
              <span class="field"><label for="code">Response code</label><input id="code" name="code" value="{E(code)}" maxlength="2" size="3"></span>
              <span class="field"><label for="status">Status</label><select id="status" name="status">{Options(status, "", "approved", "declined", "reversed", "partially-reversed", "cleared", "expired")}</select></span>
              <span class="field"><label for="from">From (JST date)</label><input id="from" name="from" type="date" value="{E(from)}"></span>
              <span class="field"><label for="to">To (JST date)</label><input id="to" name="to" type="date" value="{E(to)}"></span>
              <button type="submit">Filter</button>
            </form>
            <p class="hint">Code, status and date filter the newest {RowsRead} authorizations of the card or cardholder selection.</p>
            """);
        body.Append(Table(rows));
        if (answer.Body.Text("nextCursor") is { Length: > 0 } next)
        {
            body.Append($"<p><a href=\"/console/authorizations?{Query(("cardId", cardId), ("cardholderId", cardholderId), ("code", code), ("status", status), ("from", from), ("to", to), ("cursor", next))}\">Older</a></p>");
        }

        return view.Page("Authorizations", body.ToString());
    }

    private static bool InRange(DateTimeOffset? at, DateOnly? from, DateOnly? to)
    {
        if (at is null)
        {
            return from is null && to is null;
        }

        var day = DateOnly.FromDateTime(at.Value.ToOffset(TimeSpan.FromHours(9)).DateTime);
        return (from is null || day >= from) && (to is null || day <= to);
    }

    private static string Options(string? selected, params string[] values) =>
        string.Concat(values.Select(v => $"<option value=\"{E(v)}\"{(v == (selected ?? "") ? " selected" : "")}>{(v.Length == 0 ? "any" : E(v))}</option>"));

    public static string Table(JsonElement page) => Table(page.Items().ToList());

    public static string Table(IReadOnlyList<JsonElement> rows)
    {
        var body = new StringBuilder("<table data-testid=\"authorizations\"><thead><tr><th>When</th><th>MTI</th><th>Merchant</th><th>MCC</th><th class=\"num\">Amount</th><th>Code</th><th>Status</th><th>Why</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            body.Append($"<tr><td><a href=\"/console/authorizations/{E(row.Text("id"))}\">{Time(row.Time("createdAt"))}</a></td><td>{E(row.Text("mti"))}</td><td>{E(row.Text("merchantName"))}</td><td>{E(row.Text("mcc"))}</td>")
                .Append($"<td class=\"num\">{Amount(row)}</td><td>{E(row.Text("responseCode"))}</td><td>{E(row.Text("status"))}</td><td>{E(Explanations.Short(row.Text("responseCode")))}</td></tr>");
        }

        if (rows.Count == 0)
        {
            body.Append("<tr><td colspan=\"8\">No authorizations.</td></tr>");
        }

        return body.Append("</tbody></table>").ToString();
    }

    private static string Amount(JsonElement row) =>
        row.Text("currency") == "392" || row.Number("billingAmount") is not null
            ? Yen(row.Number("billingAmount") ?? row.Number("amount")) + (row.Text("currency") == "392" ? "" : $" ({E(row.Number("amount")?.ToString(CultureInfo.InvariantCulture))} in {E(row.Text("currency"))})")
            : $"{E(row.Number("amount")?.ToString(CultureInfo.InvariantCulture))} in {E(row.Text("currency"))}";

    private static async Task<IResult> ShowAsync(HttpContext context, string id, AdminApi api)
    {
        var view = new ConsoleView(context);
        var answer = await api.GetAsync(context, $"/api/authorizations/{Uri.EscapeDataString(id)}");
        if (!answer.IsSuccess)
        {
            return view.Refused(answer, "read the authorization");
        }

        var row = answer.Body;
        var cardId = row.Text("cardId");
        JsonElement card = default;
        JsonElement balance = default;
        JsonElement others = default;
        if (cardId.Length > 0)
        {
            var cardAnswer = await api.GetAsync(context, $"/api/cards/{Uri.EscapeDataString(cardId)}");
            card = cardAnswer.Body;
            if (cardAnswer.IsSuccess && card.Text("cardholderId") is { Length: > 0 } cardholderId)
            {
                balance = (await api.GetAsync(context, $"/api/cardholders/{Uri.EscapeDataString(cardholderId)}/balance")).Body;
            }

            others = (await api.GetAsync(context, "/api/authorizations?" + Query(("cardId", cardId), ("limit", "200")))).Body;
        }

        var body = new StringBuilder();
        body.Append($"<p class=\"explanation\" data-testid=\"explanation\">{E(Explanations.Explain(row, card, balance))}</p>");
        body.Append("<table><tbody>")
            .Append($"<tr><th>Id</th><td>{E(row.Text("id"))}</td></tr>")
            .Append($"<tr><th>When</th><td>{Time(row.Time("createdAt"))}</td></tr>")
            .Append($"<tr><th>Message</th><td>{E(row.Text("mti"))}</td></tr>")
            .Append($"<tr><th>Card</th><td>{(card.ValueKind == JsonValueKind.Object ? $"<a href=\"/console/cards/{E(cardId)}\">{Card(card.Text("bin"), card.Text("last4"))}</a> ({E(card.Text("status"))} now)" : "unknown card")}</td></tr>")
            .Append($"<tr><th>Merchant</th><td>{E(row.Text("merchantName"))}, MCC {E(row.Text("mcc"))}</td></tr>")
            .Append($"<tr><th>Amount</th><td>{Amount(row)}</td></tr>")
            .Append($"<tr><th>Response</th><td>{E(row.Text("responseCode"))} {E(Explanations.Short(row.Text("responseCode")))}</td></tr>")
            .Append($"<tr><th>Approval code</th><td>{E(row.Text("approvalCode"))}</td></tr>")
            .Append($"<tr><th>Status</th><td>{E(row.Text("status"))}: {E(Explanations.Status(row.Text("status")))}</td></tr>")
            .Append("</tbody></table>");

        // The API does not link messages to each other; the card's reversals and advices at the same
        // merchant are the history a back-office reader looks for.
        var related = others.Items().Where(o => o.Text("id") != row.Text("id") && o.Text("merchantName") == row.Text("merchantName") && o.Text("mti") is "0120" or "0400" or "0420").ToList();
        body.Append("<h2>Reversals and advices on this card at this merchant</h2>").Append(Table(related));
        return view.Page("Authorization " + row.Text("id"), body.ToString());
    }
}
