namespace Pool.Benchmarks.Load;

/// <summary>Why an answer (or its absence) counts as an error.</summary>
internal enum LoadErrorKind
{
    /// <summary>DE39 is not what the per-card model allows (91 and 96 included).</summary>
    ResponseCode = 0,

    /// <summary>An echoed field (link spec §4 "E") differs from the request's, or the response MTI is wrong.</summary>
    Echo = 1,

    /// <summary>DE38 or DE54 missing, malformed, or DE54's balance outside what the model allows.</summary>
    Amounts = 2,

    /// <summary>An answer that matches no outstanding request (MTI class, DE11, DE7, DE32).</summary>
    Unmatched = 3,

    /// <summary>A request still unanswered when the run ended (after the drain).</summary>
    Unanswered = 4,

    /// <summary>An answer the codec could not read.</summary>
    Malformed = 5,

    /// <summary>The connection failed or was closed.</summary>
    Transport = 6,
}
