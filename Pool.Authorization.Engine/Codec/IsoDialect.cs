using System.Diagnostics;

namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// A network's ISO 8583 layout as data: the format of every data element, the encodings of digits, length
/// prefixes, bitmaps and binary fields, and the fields each MTI must and may carry. Networks differ exactly
/// here, so a new network is a new table (see <see cref="IsoDialects"/>), not new code. Built once at startup;
/// the constructor rejects a table that breaks the limits below.
/// </summary>
public sealed class IsoDialect
{
    /// <summary>Entries of a field table: index = data element number, 0 and 1 (MTI, bitmap) unused.</summary>
    public const int FieldTableLength = IsoFieldSet.FieldNumberMax + 1;

    /// <summary>The largest MTI: four decimal digits.</summary>
    public const int MtiMax = 9999;

    /// <summary>The largest length an LLVAR prefix can state (two digits).</summary>
    public const int LlVarLengthMax = 99;

    /// <summary>The largest length an LLLVAR prefix can state (three digits).</summary>
    public const int LllVarLengthMax = 999;

    private readonly IsoFieldSpec[] _fields;
    private readonly IsoFieldLayout[] _layouts;
    private readonly IsoMtiRule[] _rules;

    // MTI → index into _rules plus one (0 = no rule): one array lookup per message instead of a search.
    private readonly short[] _ruleIndexByMti;

    /// <summary>Builds a dialect; throws <see cref="ArgumentException"/> for a table that breaks a limit.</summary>
    /// <param name="name">The name operators use (<c>pool</c>, <c>iso87a</c>, <c>iso87b</c>).</param>
    /// <param name="numericEncoding">Encoding of the MTI and of <c>n</c>, <c>z</c> and <c>x+n</c> digits.</param>
    /// <param name="lengthEncoding">Encoding of LLVAR and LLLVAR prefixes.</param>
    /// <param name="bitmapEncoding">Encoding of the bitmaps.</param>
    /// <param name="binaryEncoding">Encoding of <c>b</c> fields.</param>
    /// <param name="fields">129 rows indexed by data element number; rows 0 and 1 must be undefined.</param>
    /// <param name="rules">The fields per MTI; empty means any MTI may carry any defined field.</param>
    public IsoDialect(
        string name,
        IsoNumericEncoding numericEncoding,
        IsoNumericEncoding lengthEncoding,
        IsoBitmapEncoding bitmapEncoding,
        IsoBinaryEncoding binaryEncoding,
        ReadOnlySpan<IsoFieldSpec> fields,
        ReadOnlySpan<IsoMtiRule> rules)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (fields.Length != FieldTableLength)
        {
            throw new ArgumentException($"A field table has {FieldTableLength} rows (DE0–DE128); this one has {fields.Length}.", nameof(fields));
        }

        if (fields[0].IsDefined || fields[1].IsDefined)
        {
            throw new ArgumentException("Rows 0 and 1 are the MTI and the bitmap, which the codec itself handles.", nameof(fields));
        }

        var defined = default(IsoFieldSet);
        for (var field = 2; field < FieldTableLength; field++)
        {
            CheckRow(field, fields[field]);
            if (fields[field].IsDefined)
            {
                defined = defined.With(field);
            }
        }

        _ruleIndexByMti = new short[MtiMax + 1];
        for (var index = 0; index < rules.Length; index++)
        {
            var rule = rules[index];
            if (_ruleIndexByMti[rule.Mti] != 0)
            {
                throw new ArgumentException($"MTI {rule.Mti:D4} has two rules.", nameof(rules));
            }

            if (!rule.Allowed.Except(defined).IsEmpty)
            {
                throw new ArgumentException($"MTI {rule.Mti:D4} allows DE{rule.Allowed.Except(defined).First()}, which the table does not define.", nameof(rules));
            }

            _ruleIndexByMti[rule.Mti] = checked((short)(index + 1));
        }

        Name = name;
        NumericEncoding = numericEncoding;
        LengthEncoding = lengthEncoding;
        BitmapEncoding = bitmapEncoding;
        BinaryEncoding = binaryEncoding;
        _fields = fields.ToArray();
        _rules = rules.ToArray();
        Defined = defined;
        MtiBytes = numericEncoding == IsoNumericEncoding.Ascii ? 4 : 2;
        BitmapBytes = bitmapEncoding == IsoBitmapEncoding.Binary ? 8 : 16;
        _layouts = new IsoFieldLayout[FieldTableLength];
        for (var field = 2; field < FieldTableLength; field++)
        {
            _layouts[field] = LayoutOf(in _fields[field]);
        }
    }

    /// <summary>The name operators use.</summary>
    public string Name { get; }

    /// <summary>Encoding of the MTI and of digits.</summary>
    public IsoNumericEncoding NumericEncoding { get; }

    /// <summary>Encoding of LLVAR and LLLVAR prefixes.</summary>
    public IsoNumericEncoding LengthEncoding { get; }

    /// <summary>Encoding of the bitmaps.</summary>
    public IsoBitmapEncoding BitmapEncoding { get; }

    /// <summary>Encoding of binary fields.</summary>
    public IsoBinaryEncoding BinaryEncoding { get; }

    /// <summary>The data elements this dialect defines.</summary>
    public IsoFieldSet Defined { get; }

    /// <summary>Whether the dialect restricts fields per MTI; without rules any MTI is accepted.</summary>
    public bool HasMtiRules => _rules.Length != 0;

    /// <summary>The rules per MTI.</summary>
    public ReadOnlySpan<IsoMtiRule> Rules => _rules;

    /// <summary>Bytes the MTI takes on the wire.</summary>
    public int MtiBytes { get; }

    /// <summary>Bytes one bitmap (primary or secondary) takes on the wire.</summary>
    public int BitmapBytes { get; }

    /// <summary>The row of data element <paramref name="field"/> (0–128); undefined rows for 0, 1 and gaps.</summary>
    public ref readonly IsoFieldSpec Field(int field) => ref _fields[field];

    /// <summary>The reader's and writer's view of row <paramref name="field"/> (0–128).</summary>
    internal ref readonly IsoFieldLayout Layout(int field) => ref _layouts[field];

    /// <summary>The rule of an MTI, when the dialect has one.</summary>
    public bool TryGetRule(int mti, out IsoMtiRule rule)
    {
        var index = (uint)mti <= MtiMax ? _ruleIndexByMti[mti] : (short)0;
        if (index == 0)
        {
            rule = default;
            return false;
        }

        rule = _rules[index - 1];
        return true;
    }

    /// <summary>Bytes of the length prefix of <paramref name="spec"/>: 0 when fixed.</summary>
    public int PrefixBytes(in IsoFieldSpec spec) => spec.LengthKind switch
    {
        IsoLengthKind.Fixed => 0,
        // BCD: two digits per byte, so LL takes one byte and LLL two (the top nibble of LLL is zero).
        IsoLengthKind.LlVar => LengthEncoding == IsoNumericEncoding.Ascii ? 2 : 1,
        _ => LengthEncoding == IsoNumericEncoding.Ascii ? 3 : 2,
    };

    /// <summary>Bytes a value of <paramref name="characters"/> characters takes on the wire, prefix excluded.</summary>
    public int ValueBytes(in IsoFieldSpec spec, int characters)
    {
        Debug.Assert(characters >= 0, "lengths are never negative");
        return spec.Type switch
        {
            IsoFieldType.Numeric or IsoFieldType.Track2 =>
                NumericEncoding == IsoNumericEncoding.Ascii ? characters : (characters + 1) >> 1,
            // The sign stays one ASCII byte in BCD dialects (jPOS's IFB_AMOUNT); only the digits are packed.
            IsoFieldType.SignedAmount =>
                NumericEncoding == IsoNumericEncoding.Ascii || characters == 0 ? characters : 1 + (characters >> 1),
            IsoFieldType.Binary => BinaryEncoding == IsoBinaryEncoding.Raw ? characters : characters * 2,
            _ => characters,
        };
    }

    /// <summary>The dialect's name.</summary>
    public override string ToString() => Name;

    private IsoFieldLayout LayoutOf(in IsoFieldSpec spec)
    {
        if (!spec.IsDefined)
        {
            return default;
        }

        var packed = IsoFieldFormat.IsPacked(this, in spec);
        var check = spec.Type switch
        {
            IsoFieldType.Numeric when !packed => IsoFieldCheck.Digits,
            IsoFieldType.AlphaNumeric or IsoFieldType.AlphaNumericSpecial => IsoFieldCheck.Printable,
            IsoFieldType.Binary when BinaryEncoding == IsoBinaryEncoding.Raw => IsoFieldCheck.AnyByte,
            _ => IsoFieldCheck.General,
        };
        var fixedValueBytes = spec.LengthKind == IsoLengthKind.Fixed ? ValueBytes(in spec, spec.LengthMax) : 0;
        return new IsoFieldLayout(check, PrefixBytes(in spec), spec.LengthMax, fixedValueBytes);
    }

    private static void CheckRow(int field, in IsoFieldSpec spec)
    {
        if (!spec.IsDefined)
        {
            return;
        }

        var lengthMax = spec.LengthKind switch
        {
            IsoLengthKind.LlVar => LlVarLengthMax,
            IsoLengthKind.LllVar => LllVarLengthMax,
            _ => LllVarLengthMax,
        };
        var lengthMin = spec.Type == IsoFieldType.SignedAmount ? 2 : 1;
        if (spec.LengthMax < lengthMin || spec.LengthMax > lengthMax)
        {
            throw new ArgumentException($"DE{field} ({spec}) must have a length from {lengthMin} to {lengthMax}.", nameof(spec));
        }
    }
}
