using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Console.Http;
using Pool.Modules.Console.Rendering;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Pages;

/// <summary>Cardholder search and the cardholder page: balance, cards, ledger entries, authorizations, deposit and withdrawal.</summary>
internal static class CardholderPages
{
    /// <summary>Rows per list on the cardholder page; older ones are a "next page" link away.</summary>
    private const int RowsPerList = 20;

    public static void Map(IEndpointRouteBuilder console)
    {
        console.MapGet("/cardholders", SearchAsync);
        console.MapGet("/cardholders/{id}", ShowAsync);
        console.MapPost("/cardholders/{id}/deposits", (HttpContext c, string id, [FromForm] IFormCollection f, AdminApi api) => MoveAsync(c, id, f, api, "deposits"));
        console.MapPost("/cardholders/{id}/withdrawals", (HttpContext c, string id, [FromForm] IFormCollection f, AdminApi api) => MoveAsync(c, id, f, api, "withdrawals"));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, string? q, string? cursor, AdminApi api)
    {
        var view = new ConsoleView(context);
        var query = (q ?? "").Trim();
        var body = new StringBuilder();
        body.Append($"""
            <form method="get" action="/console/cardholders" class="inline">
              <label for="q">Name, cardholder id, or card (BIN and last 4: 424242 4242)</label><input id="q" name="q" value="{E(query)}" maxlength="200">
              <button type="submit">Search</button>
            </form>
            """);
        if (view.IsAdmin)
        {
            // A POST: a full card number must never be in a URL (request logs, history, the audit target).
            body.Append($"""
                <form method="post" action="/console/cards/search" class="inline" data-testid="pan-search">
                  {view.Guards()}
                  <label for="pan">Full card number (admin)</label><input id="pan" name="pan" type="password" autocomplete="off" inputmode="numeric" maxlength="19">
                  <button type="submit">Find card</button>
                </form>
                """);
        }

        var digits = new string(query.Where(char.IsAsciiDigit).ToArray());
        var looksLikeCard = digits.Length >= 10 && query.All(c => char.IsAsciiDigit(c) || c is ' ' or '.' or '*' or '-' or '·' or '…');
        if (looksLikeCard && digits.Length > 10)
        {
            body.Append("<p class=\"error\" role=\"alert\">Search by BIN and last 4 (10 digits); a full card number goes in the admin's full-number search, which is audited.</p>");
            return view.Page("Cardholders", body.ToString(), StatusCodes.Status400BadRequest);
        }

        if (looksLikeCard)
        {
            var cards = await api.GetAsync(context, "/api/cards?" + Query(("bin", digits[..6]), ("last4", digits[^4..])));
            if (!cards.IsSuccess)
            {
                return view.Refused(cards, "search cards");
            }

            body.Append(CardsTable(cards.Body.Items()));
            return view.Page("Cardholders", body.ToString());
        }

        var rows = new List<System.Text.Json.JsonElement>();
        if (query.Length > 0)
        {
            var byId = await api.GetAsync(context, $"/api/cardholders/{Uri.EscapeDataString(query)}");
            if (byId.IsSuccess)
            {
                rows.Add(byId.Body);
            }
        }

        var byName = await api.GetAsync(context, "/api/cardholders?" + Query(("name", query), ("cursor", cursor), ("limit", RowsPerList.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (!byName.IsSuccess)
        {
            return view.Refused(byName, "search");
        }

        rows.AddRange(byName.Body.Items());
        var next = byName.Body.Text("nextCursor");
        body.Append("<table><thead><tr><th>Name</th><th>Id</th><th>Since</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            body.Append($"<tr><td><a href=\"/console/cardholders/{E(row.Text("id"))}\">{E(row.Text("name"))}</a></td><td>{E(row.Text("id"))}</td><td>{Time(row.Time("createdAt"))}</td></tr>");
        }

        body.Append("</tbody></table>");
        if (rows.Count == 0)
        {
            body.Append("<p>No cardholder matches.</p>");
        }

        if (next.Length > 0)
        {
            body.Append($"<p><a href=\"/console/cardholders?{Query(("q", query), ("cursor", next))}\">Next page</a></p>");
        }

        return view.Page("Cardholders", body.ToString());
    }

    private static string CardsTable(IEnumerable<System.Text.Json.JsonElement> cards)
    {
        var html = new StringBuilder("<table data-testid=\"card-results\"><thead><tr><th>Card</th><th>Cardholder</th><th>Expiry</th><th>Status</th></tr></thead><tbody>");
        var any = false;
        foreach (var card in cards)
        {
            any = true;
            html.Append($"<tr><td><a href=\"/console/cards/{E(card.Text("id"))}\">{Card(card.Text("bin"), card.Text("last4"))}</a></td><td><a href=\"/console/cardholders/{E(card.Text("cardholderId"))}\">{E(card.Text("cardholderId"))}</a></td><td>{E(card.Text("expiry"))}</td><td>{E(card.Text("status"))}</td></tr>");
        }

        return html.Append(any ? "" : "<tr><td colspan=\"4\">No card matches.</td></tr>").Append("</tbody></table>").ToString();
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string id, string? ledgerCursor, string? authCursor, string? done, AdminApi api)
    {
        var view = new ConsoleView(context);
        return await RenderAsync(view, id, ledgerCursor, authCursor, done, null, null, api);
    }

    private static async Task<IResult> RenderAsync(ConsoleView view, string id, string? ledgerCursor, string? authCursor, string? done, ApiAnswer? failed, string? failedForm, AdminApi api)
    {
        var context = view.Context;
        var escaped = Uri.EscapeDataString(id);
        var cardholder = await api.GetAsync(context, $"/api/cardholders/{escaped}");
        if (!cardholder.IsSuccess)
        {
            return view.Refused(cardholder, "read the cardholder");
        }

        var limit = RowsPerList.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var balanceTask = api.GetAsync(context, $"/api/cardholders/{escaped}/balance");
        var cardsTask = api.GetAsync(context, $"/api/cardholders/{escaped}/cards?limit=100");
        var ledgerTask = api.GetAsync(context, $"/api/cardholders/{escaped}/ledger?" + Query(("limit", limit), ("cursor", ledgerCursor)));
        var authorizationsTask = api.GetAsync(context, "/api/authorizations?" + Query(("cardholderId", id), ("limit", limit), ("cursor", authCursor)));
        var balance = (await balanceTask).Body;
        var cards = (await cardsTask).Body;
        var ledger = (await ledgerTask).Body;
        var authorizations = (await authorizationsTask).Body;

        var body = new StringBuilder();
        if (done is { Length: > 0 })
        {
            body.Append($"<p class=\"notice\" role=\"status\">{E(done switch { "deposits" => "Deposit recorded.", "withdrawals" => "Withdrawal recorded.", _ => "Done." })}</p>");
        }

        body.Append($"<p>Cardholder <code>{E(id)}</code>, since {Time(cardholder.Body.Time("createdAt"))}</p>");
        body.Append($"""
            <div class="cards" data-testid="balance">
              <div class="stat">Posted<b data-testid="posted">{Yen(balance.Number("posted"))}</b></div>
              <div class="stat">Held<b data-testid="held">{Yen(balance.Number("held"))}</b></div>
              <div class="stat">Available<b data-testid="available">{Yen(balance.Number("available"))}</b></div>
            </div>
            """);
        if (view.CanOperate)
        {
            body.Append(MoneyForm(view, id, "deposits", "Deposit", failedForm == "deposits" ? failed : null));
        }

        if (view.IsAdmin)
        {
            body.Append(MoneyForm(view, id, "withdrawals", "Withdraw", failedForm == "withdrawals" ? failed : null));
        }

        body.Append("<h2>Cards</h2><table><thead><tr><th>Card</th><th>Expiry</th><th>Status</th></tr></thead><tbody>");
        foreach (var card in cards.Items())
        {
            body.Append($"<tr><td><a href=\"/console/cards/{E(card.Text("id"))}\">{Card(card.Text("bin"), card.Text("last4"))}</a></td><td>{E(card.Text("expiry"))}</td><td>{E(card.Text("status"))}</td></tr>");
        }

        body.Append("</tbody></table>");

        body.Append("<h2>Ledger entries</h2><table data-testid=\"ledger\"><thead><tr><th>When</th><th>Kind</th><th class=\"num\">Amount</th><th>Direction</th><th>Status</th><th>Reference</th></tr></thead><tbody>");
        foreach (var entry in ledger.Items())
        {
            body.Append($"<tr><td>{Time(entry.Time("at"))}</td><td>{E(entry.Text("kind"))}</td><td class=\"num\">{Yen(entry.Number("amount"))}</td><td>{E(entry.Text("direction"))}</td><td>{E(entry.Text("status"))}</td><td>{E(entry.Text("reference"))}</td></tr>");
        }

        body.Append("</tbody></table>");
        if (ledger.Text("nextCursor") is { Length: > 0 } nextLedger)
        {
            body.Append($"<p><a href=\"/console/cardholders/{E(escaped)}?{Query(("ledgerCursor", nextLedger), ("authCursor", authCursor))}\">Older entries</a></p>");
        }

        body.Append("<h2>Authorizations</h2>").Append(AuthorizationPages.Table(authorizations));
        if (authorizations.Text("nextCursor") is { Length: > 0 } nextAuth)
        {
            body.Append($"<p><a href=\"/console/cardholders/{E(escaped)}?{Query(("ledgerCursor", ledgerCursor), ("authCursor", nextAuth))}\">Older authorizations</a></p>");
        }

        return view.Page(cardholder.Body.Text("name"), body.ToString(), failed?.Status ?? StatusCodes.Status200OK);
    }

    private static string MoneyForm(ConsoleView view, string id, string what, string label, ApiAnswer? failed)
    {
        var error = failed is null ? "" : failed.FieldErrors.TryGetValue("amount", out var message) ? message : failed.Problem;
        return $"""
            <form method="post" action="/console/cardholders/{E(Uri.EscapeDataString(id))}/{what}" class="inline" data-testid="{what}-form">
              {view.Guards()}
              <label for="{what}-amount">{label} (yen)</label><input id="{what}-amount" name="amount" inputmode="numeric" required>
              <button type="submit">{label}</button>
              {(error.Length > 0 ? $"<span class=\"field-error\" role=\"alert\">{E(error)}</span>" : "")}
            </form>
            """;
    }

    private static async Task<IResult> MoveAsync(HttpContext context, string id, IFormCollection form, AdminApi api, string what)
    {
        var view = new ConsoleView(context);
        var answer = await api.SendJsonAsync(context, HttpMethod.Post, $"/api/cardholders/{Uri.EscapeDataString(id)}/{what}",
            new { amount = FormValues.NumberOrText(form, "amount") }, FormValues.IdempotencyKey(form));
        if (answer.IsSuccess)
        {
            return Results.Redirect($"/console/cardholders/{Uri.EscapeDataString(id)}?done={what}");
        }

        return answer.Status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity
            ? await RenderAsync(view, id, null, null, null, answer, what, api)
            : view.Refused(answer, what == "deposits" ? "deposit" : "withdraw");
    }
}
