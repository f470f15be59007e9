namespace Pool.Modules.Clearing.Format;

/// <summary>What each detail transaction code means for totals, posting and reversal (clearing-file.md §3–§5).</summary>
internal static class ClearingTransactionCodes
{
    /// <summary>Reversals are the presentment's code plus 20 (§3: 25, 26, 27 reverse 05, 06, 07).</summary>
    public const short ReversalOffset = 20;

    public static bool IsDetail(int code) => code is 5 or 6 or 7 or 25 or 26 or 27;

    /// <summary>Counted in the trailer's total debits (§4: 05, 07, 26); the others in total credits.</summary>
    public static bool IsDebit(ClearingTransactionCode code) =>
        code is ClearingTransactionCode.Purchase or ClearingTransactionCode.Cash or ClearingTransactionCode.CreditReversal;

    public static bool IsReversal(ClearingTransactionCode code) => (short)code > ReversalOffset;

    /// <summary>The code of the presentment a reversal undoes (25 → 05).</summary>
    public static ClearingTransactionCode Reversed(ClearingTransactionCode reversal) => (ClearingTransactionCode)((short)reversal - ReversalOffset);
}
