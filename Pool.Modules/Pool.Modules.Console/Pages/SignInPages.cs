using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Access.Contracts;
using Pool.Modules.Console.Rendering;

namespace Pool.Modules.Console.Pages;

/// <summary>Sign-in with an API key (exchanged for a cookie session by the Access module) and sign-out.</summary>
internal static class SignInPages
{
    public static void Map(IEndpointRouteBuilder console)
    {
        console.MapGet("/sign-in", (HttpContext context) => Form(new ConsoleView(context), null, StatusCodes.Status200OK)).AllowAnonymous();
        console.MapPost("/sign-in", SignInAsync).AllowAnonymous();
        console.MapPost("/sign-out", SignOutAsync);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, [FromForm] IFormCollection form, IConsoleSessions sessions)
    {
        var key = form["apiKey"].ToString();
        if (key.Length == 0)
        {
            return Form(new ConsoleView(context), "Enter an API key.", StatusCodes.Status400BadRequest);
        }

        var role = await sessions.SignInAsync(context, key);
        return role is null
            ? Form(new ConsoleView(context), "This key is not one of Admin:ApiKeys.", StatusCodes.Status401Unauthorized)
            : Results.Redirect("/console", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, [FromForm] IFormCollection form, IConsoleSessions sessions)
    {
        await sessions.SignOutAsync(context);
        return Results.Redirect(ConsoleAuthentication.SignInPath);
    }

    private static IResult Form(ConsoleView view, string? error, int status) =>
        view.Page("Sign in", $"""
            <p>Sign in with your API key (from <code>Admin:ApiKeys</code>). The key is checked once and never stored;
            the session ends after {30} idle minutes, or when the key is removed or replaced.</p>
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{Html.E(error)}</p>")}
            <form method="post" action="/console/sign-in">
              {view.Guards()}
              <div class="field"><label for="apiKey">API key</label><input id="apiKey" name="apiKey" type="password" autocomplete="off" required></div>
              <button type="submit">Sign in</button>
            </form>
            """, status);
}
