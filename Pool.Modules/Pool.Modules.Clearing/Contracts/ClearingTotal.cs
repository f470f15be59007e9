namespace Pool.Modules.Clearing.Contracts;

/// <summary>A number of detail records and the sum of their destination amounts, in yen.</summary>
/// <param name="Count">Detail records.</param>
/// <param name="AmountMinor">Sum of their destination amounts (JPY).</param>
public sealed record ClearingTotal(long Count, long AmountMinor)
{
    /// <summary>No records.</summary>
    public static ClearingTotal None { get; } = new(0, 0);
}
