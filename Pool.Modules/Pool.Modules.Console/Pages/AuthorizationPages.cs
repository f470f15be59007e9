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
    /// <summary>Rows per list page; the API filters (card, cardholder, response code, status, decision time).</summary>
    private const int PageSize = 50;

    /// <summary>Japan's offset: the date filters are Tokyo days (no daylight saving since 1951).</summary>
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

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
            ("cardId", cardId), ("cardholderId", cardholderId), ("responseCode", code), ("status", status),
            ("from", DayStart(from, 0)), ("to", DayStart(to, 1)), ("cursor", cursor), ("limit", PageSize.ToString(CultureInfo.InvariantCulture))));
        if (!answer.IsSuccess && answer.FieldErrors.Count == 0)
        {
            return view.Refused(answer, "list authorizations");
        }

        // The API's field names for the console's: a bad filter is shown beside its field.
        var errors = answer.IsSuccess ? new Dictionary<string, string>() : answer.FieldErrors;
        string Error(string apiField)
        {
            var formField = apiField == "responseCode" ? "code" : apiField;
            return errors.TryGetValue(apiField, out var message)
                ? $"<span class=\"field-error\" role=\"alert\" data-testid=\"error-{formField}\">{E(message)}</span>"
                : "";
        }

        var body = new StringBuilder();
        body.Append($"""
            <form method="get" action="/console/authorizations" class="filters">
              <span class="field"><label for="cardId">Card id</label><input id="cardId" name="cardId" value="{E(cardId)}"></span>
              <span class="field"><label for="cardholderId">Cardholder id</label><input id="cardholderId" name="cardholderId" value="{E(cardholderId)}"></span>
              <span class="field"><label for="code">Response code</label><input id="code" name="code" value="{E(code)}" maxlength="2" size="3">{Error("responseCode")}</span>
              <span class="field"><label for="status">Status</label><select id="status" name="status">{Options(status, "", "approved", "declined", "reversed", "partially-reversed", "cleared", "expired")}</select>{Error("status")}</span>
              <span class="field"><label for="from">From (JST date)</label><input id="from" name="from" type="date" value="{E(from)}">{Error("from")}</span>
              <span class="field"><label for="to">To (JST date)</label><input id="to" name="to" type="date" value="{E(to)}">{Error("to")}</span>
              <button type="submit">Filter</button>
            </form>
            """);
        if (!answer.IsSuccess)
        {
            return view.Page("Authorizations", body.ToString(), answer.Status);
        }

        body.Append(Table(answer.Body));
        if (answer.Body.Text("nextCursor") is { Length: > 0 } next)
        {
            body.Append($"<p><a href=\"/console/authorizations?{Query(("cardId", cardId), ("cardholderId", cardholderId), ("code", code), ("status", status), ("from", from), ("to", to), ("cursor", next))}\">Older</a></p>");
        }

        return view.Page("Authorizations", body.ToString());
    }

    /// <summary>
    /// A Tokyo date (yyyy-MM-dd) as the RFC 3339 start of that day plus <paramref name="days"/>: "to" is inclusive on the page
    /// and exclusive in the API. Anything else is passed through for the API to name the field.
    /// </summary>
    private static string? DayStart(string? date, int days) =>
        string.IsNullOrEmpty(date)
            ? null
            : DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? new DateTimeOffset(day.AddDays(days).ToDateTime(TimeOnly.MinValue), Tokyo).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
                : date;

    private static string Options(string? selected, params string[] values) =>
        string.Concat(values.Select(v => $"<option value=\"{E(v)}\"{(v == (selected ?? "") ? " selected" : "")}>{(v.Length == 0 ? "any" : E(v))}</option>"));

    public static string Table(JsonElement page) => Table(page.Items().ToList());

    /// <summary>
    /// The transaction's messages in order — this one, its original, reversals and advices (the API's <c>related</c>,
    /// linked by key and DE90) — then the clearing postings matched to it.
    /// </summary>
    private static string History(JsonElement row, ApiAnswer postings)
    {
        var entries = row.Items("related").Select(r => (Relation: r.Text("relation"), Message: r.Field("message")))
            .Append((Relation: "this message", Message: row))
            .OrderBy(e => e.Message.Time("createdAt"))
            .ToList();
        var html = new StringBuilder("<table data-testid=\"history\"><thead><tr><th>When</th><th>What</th><th>MTI</th><th class=\"num\">Amount</th><th>Code</th><th>Available then</th></tr></thead><tbody>");
        foreach (var (relation, message) in entries)
        {
            var link = relation == "this message"
                ? E(relation)
                : $"<a href=\"/console/authorizations/{E(message.Text("id"))}\">{E(relation)}</a>";
            html.Append($"<tr><td>{Time(message.Time("createdAt"))}</td><td>{link}</td><td>{E(message.Text("mti"))}</td><td class=\"num\">{Amount(message)}</td>")
                .Append($"<td>{E(message.Text("responseCode"))} {E(Explanations.Short(message.Text("responseCode")))}</td><td>{(message.Number("availableAtDecision") is { } a ? Yen(a) : "")}</td></tr>");
        }

        html.Append("</tbody></table>");
        html.Append("<h3>Clearing</h3>");
        if (!postings.IsSuccess)
        {
            return html.Append($"<p class=\"error\">{E(postings.Problem)}</p>").ToString();
        }

        var items = postings.Body.Items().ToList();
        if (items.Count == 0)
        {
            return html.Append("<p data-testid=\"clearing-history\">No clearing posting matched this authorization.</p>").ToString();
        }

        html.Append("<table data-testid=\"clearing-history\"><thead><tr><th>Posted</th><th>File</th><th>Record</th><th>Code</th><th class=\"num\">Amount</th><th>Outcome</th></tr></thead><tbody>");
        foreach (var posting in items)
        {
            html.Append($"<tr><td>{Time(posting.Time("postedAt"))}</td><td>{E(posting.Text("fileId"))}</td><td>{posting.Number("recordNumber")}</td><td>{E(posting.Text("transactionCode"))}</td>")
                .Append($"<td class=\"num\">{Yen(posting.Number("amount"))}</td><td>{E(posting.Text("outcome"))}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

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
        if (cardId.Length > 0)
        {
            card = (await api.GetAsync(context, $"/api/cards/{Uri.EscapeDataString(cardId)}")).Body;
        }

        var postings = await api.GetAsync(context, "/api/clearing/postings?" + Query(("authorizationId", row.Text("id"))));

        var body = new StringBuilder();
        body.Append($"<p class=\"explanation\" data-testid=\"explanation\">{E(Explanations.Explain(row, card))}</p>");
        body.Append("<table><tbody>")
            .Append($"<tr><th>Id</th><td>{E(row.Text("id"))}</td></tr>")
            .Append($"<tr><th>When</th><td>{Time(row.Time("createdAt"))}</td></tr>")
            .Append($"<tr><th>Message</th><td>{E(row.Text("mti"))}</td></tr>")
            .Append($"<tr><th>Card</th><td>{(card.ValueKind == JsonValueKind.Object ? $"<a href=\"/console/cards/{E(cardId)}\">{Card(card.Text("bin"), card.Text("last4"))}</a> ({E(card.Text("status"))} now)" : "unknown card")}</td></tr>")
            .Append($"<tr><th>Merchant</th><td>{E(row.Text("merchantName"))}, MCC {E(row.Text("mcc"))}</td></tr>")
            .Append($"<tr><th>Amount</th><td>{Amount(row)}</td></tr>")
            .Append($"<tr><th>Available at the decision</th><td data-testid=\"available-at-decision\">{(row.Number("availableAtDecision") is { } available ? Yen(available) : "not recorded")}</td></tr>")
            .Append($"<tr><th>Response</th><td>{E(row.Text("responseCode"))} {E(Explanations.Short(row.Text("responseCode")))}</td></tr>")
            .Append($"<tr><th>Approval code</th><td>{E(row.Text("approvalCode"))}</td></tr>")
            .Append($"<tr><th>Status</th><td>{E(row.Text("status"))}: {E(Explanations.Status(row.Text("status")))}</td></tr>")
            .Append("</tbody></table>");

        body.Append("<h2>History</h2>").Append(History(row, postings));
        return view.Page("Authorization " + row.Text("id"), body.ToString());
    }
}
