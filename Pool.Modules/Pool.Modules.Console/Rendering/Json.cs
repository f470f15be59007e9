using System.Globalization;
using System.Text.Json;

namespace Pool.Modules.Console.Rendering;

/// <summary>Reads fields of the admin API's JSON answers; a missing or null field reads as empty.</summary>
internal static class Json
{
    public static string Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.ToString()
            : "";

    public static long? Number(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : null;

    public static bool? Flag(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    public static JsonElement Field(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name = "items") =>
        element.Field(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static DateTimeOffset? Time(this JsonElement element, string name) =>
        DateTimeOffset.TryParse(element.Text(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
