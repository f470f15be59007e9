namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// Formats DE54 (spec §4 note 5): one 20-character block — account type <c>00</c>, amount type
/// <c>02</c> (available), currency <c>392</c>, sign <c>C</c> (zero or positive) or <c>D</c> (negative),
/// and the absolute amount in 12 digits.
/// </summary>
public static class De54AdditionalAmounts
{
    public const int BlockLength = 20;

    /// <summary>The largest absolute amount 12 digits can carry.</summary>
    public const long AmountMaxMinor = 999_999_999_999;

    public static bool TryWrite(long availableBalanceMinor, Span<byte> destination)
    {
        if (destination.Length < BlockLength || availableBalanceMinor is > AmountMaxMinor or < -AmountMaxMinor)
        {
            return false;
        }

        "0002392"u8.CopyTo(destination);
        destination[7] = availableBalanceMinor < 0 ? (byte)'D' : (byte)'C';
        var remaining = availableBalanceMinor < 0 ? -availableBalanceMinor : availableBalanceMinor;
        for (var i = BlockLength - 1; i >= 8; i--)
        {
            destination[i] = (byte)('0' + (remaining % 10));
            remaining /= 10;
        }

        return true;
    }
}
