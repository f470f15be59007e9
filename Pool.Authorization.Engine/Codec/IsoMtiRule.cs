namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// The fields one MTI must and may carry (link spec §4). Mandatory fields are also allowed. Conditional (C),
/// optional (O) and echoed (E) fields are allowed but not mandatory: whether a condition holds is the link's
/// business, not the codec's.
/// </summary>
public readonly struct IsoMtiRule
{
    /// <summary>Creates a rule; the mandatory fields are added to the allowed ones.</summary>
    public IsoMtiRule(int mti, IsoFieldSet mandatory, IsoFieldSet optional)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mti);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mti, IsoDialect.MtiMax);
        Mti = mti;
        Mandatory = mandatory;
        Allowed = mandatory.Union(optional);
    }

    /// <summary>The MTI as a number (0100 is 100).</summary>
    public int Mti { get; }

    /// <summary>Fields the message must carry.</summary>
    public IsoFieldSet Mandatory { get; }

    /// <summary>Fields the message may carry (mandatory ones included).</summary>
    public IsoFieldSet Allowed { get; }
}
