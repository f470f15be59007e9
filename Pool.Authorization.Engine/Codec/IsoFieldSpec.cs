namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// One row of a dialect table: how one data element is formatted. <see cref="LengthMax"/> counts characters
/// (digits for <c>n</c>, bytes for <c>b</c>, sign and digits for <c>x+n</c>), as ISO 8583 and the link spec do;
/// how many bytes that takes on the wire depends on the dialect's encodings.
/// </summary>
public readonly struct IsoFieldSpec
{
    /// <summary>Creates a row; <see cref="IsoDialect"/> checks the row against the limits when the table is built.</summary>
    public IsoFieldSpec(IsoFieldType type, IsoLengthKind lengthKind, int lengthMax, string name)
    {
        Type = type;
        LengthKind = lengthKind;
        LengthMax = lengthMax;
        Name = name;
    }

    /// <summary>The character set; <see cref="IsoFieldType.Undefined"/> for a data element the dialect lacks.</summary>
    public IsoFieldType Type { get; }

    /// <summary>Fixed, LLVAR or LLLVAR.</summary>
    public IsoLengthKind LengthKind { get; }

    /// <summary>The fixed length, or the largest length a prefix may state, in characters.</summary>
    public int LengthMax { get; }

    /// <summary>The data element's name, for the inspector and for diagnostics.</summary>
    public string Name { get; }

    /// <summary>Whether the dialect defines this data element.</summary>
    public bool IsDefined => Type != IsoFieldType.Undefined;

    /// <summary><c>n6</c>, <c>ans..999 LLLVAR</c>: the notation of the link spec's table.</summary>
    public override string ToString()
    {
        var type = Type switch
        {
            IsoFieldType.Numeric => "n",
            IsoFieldType.AlphaNumeric => "an",
            IsoFieldType.AlphaNumericSpecial => "ans",
            IsoFieldType.Track2 => "z",
            IsoFieldType.Binary => "b",
            IsoFieldType.SignedAmount => "x+n",
            _ => "undefined",
        };
        return LengthKind switch
        {
            IsoLengthKind.LlVar => $"{type}..{LengthMax} LLVAR",
            IsoLengthKind.LllVar => $"{type}...{LengthMax} LLLVAR",
            _ => $"{type}{LengthMax}",
        };
    }
}
