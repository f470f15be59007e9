namespace Pool.Modules.Clearing.Format;

/// <summary>Fixed sizes of clearing-file.md §1.</summary>
internal static class ClearingLayout
{
    /// <summary>Every record is exactly this many characters (clearing-file.md §1).</summary>
    public const int RecordBytes = 168;

    /// <summary>A record and its line end: CRLF is the longest (clearing-file.md §1).</summary>
    public const int LineBytesMax = RecordBytes + 2;

    /// <summary>The destination currency, always yen (clearing-file.md §3, ISO 4217 numeric).</summary>
    public const int JpyCurrencyCode = 392;

    /// <summary>Longest PAN (ISO/IEC 7812); the account-number field is 19 characters.</summary>
    public const int PanDigitsMax = 19;

    /// <summary>Shortest PAN we accept as one (ISO/IEC 7812-1 allows 8, issuers of payment cards use 12 and up).</summary>
    public const int PanDigitsMin = 12;

    /// <summary>Largest trailer count: the field is 9 digits.</summary>
    public const long DetailCountMax = 999_999_999;
}
