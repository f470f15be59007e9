namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// Why a message is malformed. The values travel into logs and metrics, so they are explicit and append-only
/// (a test pins them). Every kind maps to DE39 <c>30</c> (link spec §9) except <see cref="MtiNotDefined"/>,
/// which the link answers with <c>12</c> when the MTI is a request.
/// </summary>
public enum IsoReadErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The message ends inside the MTI, a bitmap, a length prefix or a value.</summary>
    Truncated = 1,

    /// <summary>The MTI is not four decimal digits.</summary>
    MtiInvalid = 2,

    /// <summary>A hexadecimal bitmap holds a character that is not a hexadecimal digit.</summary>
    BitmapInvalid = 3,

    /// <summary>A bit is set for a data element the dialect does not define.</summary>
    FieldNotDefined = 4,

    /// <summary>A length prefix is not decimal digits.</summary>
    LengthPrefixInvalid = 5,

    /// <summary>A length prefix states more than the field's maximum.</summary>
    LengthAboveMaximum = 6,

    /// <summary>A value breaks its type: a character outside its set, or a bad BCD nibble or pad.</summary>
    CharacterInvalid = 7,

    /// <summary>Bytes remain after the last field of the bitmap.</summary>
    BytesLeftOver = 8,

    /// <summary>A field the MTI requires is absent.</summary>
    MandatoryFieldMissing = 9,

    /// <summary>A field is present that the MTI does not allow.</summary>
    FieldNotAllowed = 10,

    /// <summary>The dialect has rules, and none for this MTI (every field was still read and checked).</summary>
    MtiNotDefined = 11,

    /// <summary>The message is longer than <see cref="IsoMessageReader.MessageBytesMax"/>.</summary>
    MessageTooLong = 12,
}
