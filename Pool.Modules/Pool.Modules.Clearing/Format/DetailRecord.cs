namespace Pool.Modules.Clearing.Format;

/// <summary>
/// A validated detail record (clearing-file.md §3). It carries no PAN: the reader turns the account number into
/// its PAN token (<see cref="PanToken"/>), BIN and last four at once, and drops the digits.
/// </summary>
internal readonly record struct DetailRecord
{
    /// <summary>1-based record number in the file (the header is 1).</summary>
    public required int RecordNumber { get; init; }

    public required ClearingTransactionCode Code { get; init; }

    /// <summary>The PAN's token (HMAC under the vault's active hash key), or null when the account number is not a PAN.</summary>
    public required byte[]? PanToken { get; init; }

    /// <summary>First six digits of the PAN, empty when it is not a PAN.</summary>
    public required string Bin { get; init; }

    /// <summary>Last four digits of the PAN, empty when it is not a PAN.</summary>
    public required string Last4 { get; init; }

    /// <summary>The 23-digit acquirer reference number.</summary>
    public required string Arn { get; init; }

    public required long AcquirerId { get; init; }

    public required DateOnly PurchaseDate { get; init; }

    /// <summary>Destination amount, yen.</summary>
    public required long AmountMinor { get; init; }

    public required long SourceAmountMinor { get; init; }

    public required short SourceCurrencyCode { get; init; }

    public required string MerchantName { get; init; }

    public required string MerchantCity { get; init; }

    public required string MerchantCountry { get; init; }

    public required short Mcc { get; init; }

    /// <summary>DE38 of the authorization, trimmed; null when the field is spaces.</summary>
    public required string? AuthorizationCode { get; init; }

    /// <summary>DE37 of the authorization, trimmed; null when the field is spaces.</summary>
    public required string? Rrn { get; init; }

    public required short PosEntryMode { get; init; }

    public required short SequenceNumber { get; init; }

    public required short SequenceCount { get; init; }
}
