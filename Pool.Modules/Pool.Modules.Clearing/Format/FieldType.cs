namespace Pool.Modules.Clearing.Format;

/// <summary>Field types of clearing-file.md §1.</summary>
internal enum FieldType
{
    /// <summary><c>N</c>: digits, right-justified, zero-padded.</summary>
    Numeric = 1,

    /// <summary><c>A</c>: printable ASCII, left-justified, space-padded.</summary>
    Alphanumeric = 2,
}
