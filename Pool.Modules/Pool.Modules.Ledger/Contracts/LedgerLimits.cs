namespace Pool.Modules.Ledger.Contracts;

/// <summary>Fixed limits of the ledger's contract.</summary>
public static class LedgerLimits
{
    /// <summary>Largest transfer amount, in yen: 12 digits, the width of ISO 8583 amounts (DE4).</summary>
    public const long TransferAmountMinorMax = 999_999_999_999;

    /// <summary>Longest idempotency key, in characters: room for a caller prefix plus an HTTP Idempotency-Key of 255.</summary>
    public const int IdempotencyKeyLengthMax = 400;

    /// <summary>Longest reference, in characters: an ARN is 23, an authorization id about 25.</summary>
    public const int ReferenceLengthMax = 255;

    /// <summary>Longest cardholder id, in characters (ids are a prefix and 20 characters).</summary>
    public const int CardholderIdLengthMax = 64;
}
