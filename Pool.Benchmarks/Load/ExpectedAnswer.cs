namespace Pool.Benchmarks.Load;

/// <summary>What an answer's DE39 may be.</summary>
internal enum ExpectedAnswer
{
    /// <summary>00 only.</summary>
    Approved = 0,

    /// <summary>51 only.</summary>
    InsufficientFunds = 1,

    /// <summary>00 or 51: the model cannot tell (the card's available balance is near the amount).</summary>
    ApprovedOrInsufficient = 2,
}
