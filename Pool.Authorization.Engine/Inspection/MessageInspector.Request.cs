using System.Globalization;
using System.Text;
using System.Text.Json;
using Pool.Authorization.Engine.Codec;

namespace Pool.Authorization.Engine.Inspection;

public static partial class MessageInspector
{
    private static bool TryParseRequest(string json, out int mti, out List<(int Field, string Value)> fields, out string problem)
    {
        mti = 0;
        fields = [];
        problem = string.Empty;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            problem = $"the input is not JSON: {exception.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("mti", out var mtiElement)
                || !int.TryParse(mtiElement.ValueKind == JsonValueKind.String ? mtiElement.GetString() : mtiElement.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out mti)
                || mti > IsoDialect.MtiMax)
            {
                problem = "the JSON needs \"mti\": four digits, e.g. \"0110\"";
                return false;
            }

            if (!root.TryGetProperty("fields", out var fieldsElement))
            {
                problem = "the JSON needs \"fields\"";
                return false;
            }

            if (!TryCollectFields(fieldsElement, fields))
            {
                problem = "\"fields\" is an object of \"DE\": \"value\", or an array of {\"de\": n, \"value\": \"…\"}";
                return false;
            }
        }

        fields.Sort((left, right) => left.Field.CompareTo(right.Field));
        return true;
    }

    private static bool TryCollectFields(JsonElement element, List<(int Field, string Value)> fields)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var field) || property.Value.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                fields.Add((field, property.Value.GetString()!));
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("de", out var de) || !de.TryGetInt32(out var field)
                || !item.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            fields.Add((field, value.GetString()!));
        }

        return true;
    }

    // Binary fields arrive as hex; everything else must be ASCII text.
    private static bool TryFieldBytes(IsoDialect dialect, int field, string value, out byte[] characters)
    {
        characters = [];
        if (dialect.Field(field).Type == IsoFieldType.Binary)
        {
            try
            {
                characters = Convert.FromHexString(value);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        if (!Ascii.IsValid(value))
        {
            return false;
        }

        characters = Encoding.ASCII.GetBytes(value);
        return true;
    }
}
