namespace Pool.Modules.Clearing.Format;

/// <summary>
/// Transaction codes of clearing-file.md §2–§4. The value is the code itself. Persisted
/// (<c>clearing.details.transaction_code</c>): explicit and append only, pinned by a test.
/// </summary>
internal enum ClearingTransactionCode : short
{
    Purchase = 5,
    Credit = 6,
    Cash = 7,
    PurchaseReversal = 25,
    CreditReversal = 26,
    CashReversal = 27,
    Header = 90,
    Trailer = 92,
}
