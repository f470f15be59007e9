namespace Pool.Modules.Abstractions.Http;

/// <summary>Cursor paging (admin-api.md §1): <c>?limit=</c> (default 50, max 500) and <c>?cursor=</c>.</summary>
public readonly record struct PageRequest(int Limit, string? Cursor)
{
    /// <summary>Default page size (admin-api.md §1).</summary>
    public const int LimitDefault = 50;

    /// <summary>Largest page (admin-api.md §1).</summary>
    public const int LimitMax = 500;

    /// <summary>Reads and checks the query values; an error names the field.</summary>
    public static bool TryCreate(int? limit, string? cursor, out PageRequest page, out IDictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>();
        var value = limit ?? LimitDefault;
        if (value < 1 || value > LimitMax)
        {
            errors["limit"] = [$"limit must be between 1 and {LimitMax}."];
        }

        if (cursor is { Length: > 200 })
        {
            errors["cursor"] = ["cursor is not one this API issued."];
        }

        page = new PageRequest(value, string.IsNullOrEmpty(cursor) ? null : cursor);
        return errors.Count == 0;
    }

    /// <summary>
    /// <see cref="TryCreate"/> for lists whose cursor is the last row's numeric id (newest first):
    /// <paramref name="beforeId"/> is null on the first page; a cursor that is not a number names <c>cursor</c>.
    /// </summary>
    public static bool TryCreateBeforeId(int? limit, string? cursor, out PageRequest page, out long? beforeId, out IDictionary<string, string[]> errors)
    {
        beforeId = null;
        if (!TryCreate(limit, cursor, out page, out errors))
        {
            return false;
        }

        if (page.Cursor is null)
        {
            return true;
        }

        if (!long.TryParse(page.Cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            errors["cursor"] = ["cursor is not one this API issued."];
            return false;
        }

        beforeId = parsed;
        return true;
    }
}

/// <summary>A page of a list: <c>{ "items": [...], "nextCursor": "..." | null }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
