using System.Globalization;

namespace Pool.Modules.Abstractions.Http;

/// <summary>
/// Cursor paging over a list read newest first by a bigint id (admin-api.md §1): the cursor is the last
/// id of the previous page, and a page is read as <c>limit + 1</c> rows, the extra one only telling
/// that a next page exists. One reading of <c>?limit=</c> and <c>?cursor=</c> for every such list.
/// </summary>
public static class IdCursor
{
    /// <summary>Reads and checks the query values; an error names the field (<c>limit</c> or <c>cursor</c>).</summary>
    public static bool TryRead(int? limit, string? cursor, out int pageLimit, out long? beforeId, out IDictionary<string, string[]> errors)
    {
        var valid = PageRequest.TryCreateBeforeId(limit, cursor, out var page, out beforeId, out errors);
        pageLimit = valid ? page.Limit : 0;
        return valid;
    }

    /// <summary>The page of <paramref name="rows"/> (up to <paramref name="limit"/> + 1, newest first), its items mapped.</summary>
    public static Page<TItem> ToPage<TRow, TItem>(IReadOnlyList<TRow> rows, int limit, Func<TRow, long> id, Func<TRow, TItem> map)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(map);
        var kept = rows.Take(limit).ToList();
        var next = rows.Count > limit ? id(kept[^1]).ToString(CultureInfo.InvariantCulture) : null;
        return new Page<TItem>(kept.Select(map).ToList(), next);
    }
}
