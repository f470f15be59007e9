namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// Why <see cref="IsoMessageWriter"/> refused a call. These are faults of the caller (or of operator input to
/// the inspector), reported as values so the inspector can print them; explicit values, append-only.
/// </summary>
public enum IsoWriteError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>A field was written before <see cref="IsoMessageWriter.BeginMessage"/>, or the MTI is not 0–9999.</summary>
    MessageNotBegun = 1,

    /// <summary>The dialect does not define the field (or it is not 2–128).</summary>
    FieldNotDefined = 2,

    /// <summary>Fields must be written in ascending order, each once.</summary>
    FieldOutOfOrder = 3,

    /// <summary>The value holds a character its type does not allow (or a negative number for <c>n</c>).</summary>
    ValueInvalid = 4,

    /// <summary>The value is longer than the field's maximum, or a fixed binary or <c>x+n</c> value has the wrong length.</summary>
    LengthInvalid = 5,

    /// <summary>The message does not fit the buffer, or is longer than its frame header can state.</summary>
    BufferTooSmall = 6,

    /// <summary><see cref="IsoMessageWriter.CopyField"/>: the request lacks the field or was read with another dialect.</summary>
    FieldNotInRequest = 7,
}
