namespace Pool.Modules.Clearing.Format;

/// <summary>
/// The record layouts of clearing-file.md §2–§4, field by field, as data. Positions are the spec's (1-based,
/// inclusive start); a test checks that each layout covers 168 characters without gap or overlap.
/// </summary>
internal static class ClearingFields
{
    // ---- Header (TC 90), clearing-file.md §2 ----
    public static readonly FieldSpec HeaderTransactionCode = new("transaction code", 1, 2, FieldType.Numeric);
    public static readonly FieldSpec ProcessingDate = new("processing date", 3, 8, FieldType.Numeric);
    public static readonly FieldSpec FileId = new("file id", 11, 20, FieldType.Alphanumeric);
    public static readonly FieldSpec SendingInstitutionId = new("sending institution id", 31, 8, FieldType.Numeric);
    public static readonly FieldSpec HeaderFiller = new("spaces", 39, 130, FieldType.Alphanumeric);

    // ---- Detail (TC 05, 06, 07, 25, 26, 27), clearing-file.md §3 ----
    public static readonly FieldSpec TransactionCode = new("transaction code", 1, 2, FieldType.Numeric);
    public static readonly FieldSpec Qualifier = new("qualifier", 3, 1, FieldType.Numeric);
    public static readonly FieldSpec RecordSequence = new("record sequence", 4, 1, FieldType.Numeric);
    public static readonly FieldSpec AccountNumber = new("account number", 5, 19, FieldType.Alphanumeric);
    public static readonly FieldSpec Arn = new("acquirer reference number", 24, 23, FieldType.Numeric);
    public static readonly FieldSpec AcquirerId = new("acquirer id", 47, 8, FieldType.Numeric);
    public static readonly FieldSpec PurchaseDate = new("purchase date", 55, 8, FieldType.Numeric);
    public static readonly FieldSpec DestinationAmount = new("destination amount", 63, 12, FieldType.Numeric);
    public static readonly FieldSpec DestinationCurrency = new("destination currency code", 75, 3, FieldType.Numeric);
    public static readonly FieldSpec SourceAmount = new("source amount", 78, 12, FieldType.Numeric);
    public static readonly FieldSpec SourceCurrency = new("source currency code", 90, 3, FieldType.Numeric);
    public static readonly FieldSpec MerchantName = new("merchant name", 93, 25, FieldType.Alphanumeric);
    public static readonly FieldSpec MerchantCity = new("merchant city", 118, 13, FieldType.Alphanumeric);
    public static readonly FieldSpec MerchantCountry = new("merchant country", 131, 2, FieldType.Alphanumeric);
    public static readonly FieldSpec Mcc = new("merchant category code", 133, 4, FieldType.Numeric);
    public static readonly FieldSpec AuthorizationCode = new("authorization code", 137, 6, FieldType.Alphanumeric);
    public static readonly FieldSpec Rrn = new("retrieval reference number", 143, 12, FieldType.Alphanumeric);
    public static readonly FieldSpec PosEntryMode = new("POS entry mode", 155, 2, FieldType.Numeric);
    public static readonly FieldSpec SequenceNumber = new("clearing sequence number", 157, 2, FieldType.Numeric);
    public static readonly FieldSpec SequenceCount = new("clearing sequence count", 159, 2, FieldType.Numeric);
    public static readonly FieldSpec DetailFiller = new("spaces", 161, 8, FieldType.Alphanumeric);

    // ---- Trailer (TC 92), clearing-file.md §4 ----
    public static readonly FieldSpec TrailerTransactionCode = new("transaction code", 1, 2, FieldType.Numeric);
    public static readonly FieldSpec DetailCount = new("number of detail records", 3, 9, FieldType.Numeric);
    public static readonly FieldSpec TotalDebits = new("total debits", 12, 15, FieldType.Numeric);
    public static readonly FieldSpec TotalCredits = new("total credits", 27, 15, FieldType.Numeric);
    public static readonly FieldSpec TrailerFiller = new("spaces", 42, 127, FieldType.Alphanumeric);

    public static IReadOnlyList<FieldSpec> Header { get; } = [HeaderTransactionCode, ProcessingDate, FileId, SendingInstitutionId, HeaderFiller];

    public static IReadOnlyList<FieldSpec> Detail { get; } =
    [
        TransactionCode, Qualifier, RecordSequence, AccountNumber, Arn, AcquirerId, PurchaseDate, DestinationAmount,
        DestinationCurrency, SourceAmount, SourceCurrency, MerchantName, MerchantCity, MerchantCountry, Mcc,
        AuthorizationCode, Rrn, PosEntryMode, SequenceNumber, SequenceCount, DetailFiller,
    ];

    public static IReadOnlyList<FieldSpec> Trailer { get; } = [TrailerTransactionCode, DetailCount, TotalDebits, TotalCredits, TrailerFiller];
}
