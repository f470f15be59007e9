namespace Pool.Modules.Clearing.Persistence;

/// <summary>Details of one outcome in a file: how many and their yen.</summary>
internal sealed class OutcomeTotalRow
{
    public short? Outcome { get; init; }

    public long Count { get; init; }

    public long Amount { get; init; }
}
