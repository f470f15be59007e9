namespace Pool.Benchmarks.Load;

/// <summary>The kinds of request the load generator offers (its <c>--mix</c> names).</summary>
internal enum LoadRequestKind
{
    /// <summary>0100 purchase that the per-card model expects approved (00).</summary>
    Purchase = 0,

    /// <summary>0100 purchase above any deposit: expected 51.</summary>
    Decline = 1,

    /// <summary>0400 full reversal of an earlier approved purchase of the same connection: expected 00.</summary>
    Reversal = 2,

    /// <summary>0120 approved advice (stand-in, link spec §7) for a new transaction: expected 00.</summary>
    Advice = 3,

    /// <summary>0100 balance inquiry (DE3 30, DE4 0): expected 00 with DE54.</summary>
    Inquiry = 4,

    /// <summary>0100 purchase in USD (DE49 840) with DE6/DE10/DE51 in JPY: expected 00, the three echoed.</summary>
    Foreign = 5,
}
