using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Pool.Modules.Console.Pages;

/// <summary>
/// Turns form text into the JSON the API expects without judging it: a number where one parses, the
/// text itself otherwise, so the API's own validation answers (and names the field).
/// </summary>
internal static class FormValues
{
    /// <summary>Longest form value passed on, in characters; the API's own limits are far below.</summary>
    public const int ValueLengthMax = 2000;

    public static object? NumberOrText(IFormCollection form, string name)
    {
        var text = Text(form, name);
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : text;
    }

    public static string Text(IFormCollection form, string name)
    {
        var text = form[name].ToString().Trim();
        return text.Length > ValueLengthMax ? text[..ValueLengthMax] : text;
    }

    /// <summary>A checkbox: present means true.</summary>
    public static bool Checked(IFormCollection form, string name) => form.ContainsKey(name);

    public static string? IdempotencyKey(IFormCollection form) => Text(form, "idempotencyKey") is { Length: > 0 and <= 255 } key ? key : null;
}
