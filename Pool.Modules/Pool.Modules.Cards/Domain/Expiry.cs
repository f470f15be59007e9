using System.Globalization;

namespace Pool.Modules.Cards.Domain;

/// <summary>Card expiry as YYMM (the format of DE14): the card is valid to the end of that month.</summary>
internal static class Expiry
{
    /// <summary>The expiry of a card issued at <paramref name="issuedAt"/>: the issue month, <paramref name="years"/> later.</summary>
    public static string From(DateTimeOffset issuedAt, int years)
    {
        var month = issuedAt.UtcDateTime.AddYears(years);
        return month.ToString("yyMM", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="value"/> is four digits with a month of 01–12.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: 4 }
        && !value.AsSpan().ContainsAnyExceptInRange('0', '9')
        && int.Parse(value.AsSpan(2), CultureInfo.InvariantCulture) is >= 1 and <= 12;
}
