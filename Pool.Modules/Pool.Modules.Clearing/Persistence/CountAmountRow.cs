namespace Pool.Modules.Clearing.Persistence;

/// <summary>A count of details and the sum of their amounts (Dapper maps <c>Count</c>, <c>Amount</c>).</summary>
internal sealed class CountAmountRow
{
    public long Count { get; init; }

    public long Amount { get; init; }
}
