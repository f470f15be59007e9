using System.Globalization;
using System.Text.Encodings.Web;

namespace Pool.Modules.Console.Rendering;

/// <summary>
/// Formatting for the console's HTML: every value from the API goes through <see cref="E"/> (HTML
/// encoding), yen as ¥1,200, times in Asia/Tokyo with the UTC value on hover, cards as BIN and last 4.
/// </summary>
internal static class Html
{
    /// <summary>Japan Standard Time; Japan has kept no daylight saving since 1951, so a fixed offset is Asia/Tokyo.</summary>
    private static readonly TimeSpan TokyoOffset = TimeSpan.FromHours(9);

    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    /// <summary>Yen have no minor unit (admin-api.md §1): 1200 is ¥1,200.</summary>
    public static string Yen(long? amount) =>
        amount is null ? "—" : (amount < 0 ? "−¥" : "¥") + Math.Abs(amount.Value).ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at)
    {
        if (at is null)
        {
            return "—";
        }

        var utc = at.Value.ToUniversalTime();
        var tokyo = utc.ToOffset(TokyoOffset);
        return $"<time datetime=\"{utc:yyyy-MM-ddTHH:mm:ssZ}\" title=\"{utc:yyyy-MM-dd HH:mm:ss} UTC\">{tokyo:yyyy-MM-dd HH:mm:ss} JST</time>";
    }

    /// <summary>A card as the console shows it: BIN, masked middle, last 4 (never the full PAN).</summary>
    public static string Card(string bin, string last4) => E($"{bin}······{last4}");

    /// <summary>A hidden antiforgery field and a fresh Idempotency-Key for one form: a double click posts the same key, so it acts once.</summary>
    public static string FormGuards(string antiforgeryField, string antiforgeryToken) =>
        $"<input type=\"hidden\" name=\"{E(antiforgeryField)}\" value=\"{E(antiforgeryToken)}\">"
        + $"<input type=\"hidden\" name=\"idempotencyKey\" value=\"{Guid.NewGuid():N}\">";

    public static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
}
