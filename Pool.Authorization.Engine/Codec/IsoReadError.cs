namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// Why <see cref="IsoMessageReader.TryRead"/> refused a message, and what of it could still be read, so the link
/// can follow §9: answer with DE39 <c>30</c> when the MTI and DE11 were readable, drop the frame otherwise.
/// </summary>
public readonly struct IsoReadError
{
    internal IsoReadError(IsoReadErrorKind kind, int field, int offset, int mti, int stan, int stanOffset)
    {
        Kind = kind;
        Field = field;
        Offset = offset;
        Mti = mti;
        Stan = stan;
        StanOffset = stanOffset;
    }

    /// <summary>What broke.</summary>
    public IsoReadErrorKind Kind { get; }

    /// <summary>The data element at fault: 0 for the MTI or the message as a whole, 1 for a bitmap.</summary>
    public int Field { get; }

    /// <summary>Offset in the message of the first offending byte (the message length for a missing field).</summary>
    public int Offset { get; }

    /// <summary>The MTI as a number, or −1 when it could not be read.</summary>
    public int Mti { get; }

    /// <summary>DE11 as a number, or −1 when it could not be read.</summary>
    public int Stan { get; }

    /// <summary>Offset of DE11's value in the message, or −1 when it could not be read.</summary>
    public int StanOffset { get; }

    /// <summary>Whether the MTI was four valid digits.</summary>
    public bool MtiReadable => Mti >= 0;

    /// <summary>Whether DE11 was present, complete and valid.</summary>
    public bool StanReadable => Stan >= 0;

    /// <summary>Kind, field and offset, for logs and the inspector (no field values: they may be a PAN).</summary>
    public override string ToString() => $"{Kind} at DE{Field}, offset {Offset}";
}
