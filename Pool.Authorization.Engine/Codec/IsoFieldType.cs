namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// The character set of a data element, as ISO 8583:1987 names it. The values are part of every dialect
/// table, so they are explicit and append-only.
/// </summary>
public enum IsoFieldType : byte
{
    /// <summary>The dialect does not define this data element; a bit set for it makes a message malformed.</summary>
    Undefined = 0,

    /// <summary><c>n</c>: decimal digits. Fixed ones are right-justified and zero-padded.</summary>
    Numeric = 1,

    /// <summary><c>an</c>: printable ASCII (0x20–0x7E, as the link spec §2 allows). Fixed ones are space-padded.</summary>
    AlphaNumeric = 2,

    /// <summary><c>ans</c>: printable ASCII (0x20–0x7E). Fixed ones are space-padded.</summary>
    AlphaNumericSpecial = 3,

    /// <summary><c>z</c>: track-2 data: digits and the separator (<c>=</c> or <c>D</c>).</summary>
    Track2 = 4,

    /// <summary><c>b</c>: raw bytes; the length counts bytes.</summary>
    Binary = 5,

    /// <summary><c>x+n</c>: a sign character (<c>C</c> credit, <c>D</c> debit) then digits; the length counts the sign.</summary>
    SignedAmount = 6,
}
