using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Rendering;

/// <summary>
/// One console page being answered: who is signed in (and so which buttons to show), the antiforgery
/// token for its forms, and the layout around the page's body.
/// </summary>
internal sealed class ConsoleView(HttpContext context)
{
    public HttpContext Context { get; } = context;

    public string Role => Context.User.FindFirstValue(ClaimTypes.Role) ?? "";

    /// <summary>Operator or admin: may change card status and controls, deposit, import clearing files, run jobs (admin-api.md §2).</summary>
    public bool CanOperate => Role is AccessPolicies.Operator or AccessPolicies.Admin;

    public bool IsAdmin => Role == AccessPolicies.Admin;

    /// <summary>The hidden fields every form carries: the antiforgery token and a fresh Idempotency-Key.</summary>
    public string Guards()
    {
        var tokens = Context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Context);
        return FormGuards(tokens.FormFieldName, tokens.RequestToken ?? "");
    }

    public IResult Page(string title, string body, int status = StatusCodes.Status200OK, string? script = null)
    {
        var html = new StringBuilder(body.Length + 2048);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append(" · Pool console</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\">");
        if (script is not null)
        {
            html.Append("<script src=\"/console/assets/").Append(E(script)).Append("\" defer></script>");
        }

        html.Append("</head><body>");
        if (Context.User.Identity?.IsAuthenticated == true)
        {
            html.Append("<header><nav><strong>Pool</strong>")
                .Append("<a href=\"/console\">Overview</a><a href=\"/console/cardholders\">Cardholders</a><a href=\"/console/authorizations\">Authorizations</a>")
                .Append("<a href=\"/console/clearing\">Clearing</a><a href=\"/console/jobs\">Jobs</a>");
            if (IsAdmin)
            {
                html.Append("<a href=\"/console/audit\">Audit</a>");
            }

            html.Append("</nav><form method=\"post\" action=\"/console/sign-out\" class=\"who\">")
                .Append("<span data-testid=\"who\">").Append(E(Context.User.Identity.Name)).Append(" (").Append(E(Role)).Append(")</span>")
                .Append(Guards()).Append("<button type=\"submit\">Sign out</button></form></header>");
        }

        html.Append("<main><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A refusal or failure from the API, as a page with the API's own words.</summary>
    public IResult Refused(Http.ApiAnswer answer, string what) =>
        Page(answer.Status switch
        {
            StatusCodes.Status403Forbidden => "Not allowed",
            StatusCodes.Status404NotFound => "Not found",
            _ => "Could not " + what,
        }, $"<p class=\"error\" role=\"alert\">{E(answer.Problem)}</p><p><a href=\"/console\">Back to the overview</a></p>", answer.Status);
}
