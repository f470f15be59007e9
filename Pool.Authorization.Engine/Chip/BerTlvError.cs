namespace Pool.Authorization.Engine.Chip;

/// <summary>Why <see cref="BerTlvReader"/> stopped before the end of its data. Explicit values, append-only.</summary>
public enum BerTlvError
{
    /// <summary>No error: the data was read to its end.</summary>
    None = 0,

    /// <summary>The data ends inside a multi-byte tag.</summary>
    TagTruncated = 1,

    /// <summary>A tag is longer than <see cref="BerTlvReader.TagBytesMax"/> bytes.</summary>
    TagTooLong = 2,

    /// <summary>The data ends inside a length, or before it.</summary>
    LengthTruncated = 3,

    /// <summary>The indefinite length form (0x80), which EMV does not use.</summary>
    LengthIndefinite = 4,

    /// <summary>A long-form length of more than <see cref="BerTlvReader.LengthBytesMax"/> bytes, or one that overflows.</summary>
    LengthTooLong = 5,

    /// <summary>The length states more bytes than remain.</summary>
    ValueBeyondData = 6,
}
