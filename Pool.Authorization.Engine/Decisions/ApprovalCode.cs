using System.Buffers.Binary;
using System.Diagnostics;

namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// A DE38 approval code: six ASCII characters packed into the low 48 bits of a <see cref="ulong"/>
/// (first character in the lowest byte), so it copies, compares and journals as one number.
/// <see cref="None"/> (zero) means "no approval code" (declines).
/// </summary>
public readonly struct ApprovalCode : IEquatable<ApprovalCode>
{
    public const int Length = 6;

    public static readonly ApprovalCode None;

    private ApprovalCode(ulong packed) => Packed = packed;

    /// <summary>The six ASCII bytes, first character in the lowest byte; 0 for <see cref="None"/>.</summary>
    public ulong Packed { get; }

    public bool IsNone => Packed == 0;

    public static ApprovalCode FromPacked(ulong packed)
    {
        Debug.Assert(packed >> 48 == 0, "an approval code is six bytes");
        return new ApprovalCode(packed);
    }

    /// <summary>Reads six ASCII bytes, e.g. DE38 of an advice.</summary>
    public static ApprovalCode FromAscii(ReadOnlySpan<byte> sixBytes)
    {
        if (sixBytes.Length != Length)
        {
            throw new ArgumentException("An approval code is exactly six bytes.", nameof(sixBytes));
        }

        Span<byte> eight = stackalloc byte[8];
        eight.Clear();
        sixBytes.CopyTo(eight);
        return new ApprovalCode(BinaryPrimitives.ReadUInt64LittleEndian(eight));
    }

    public static ApprovalCode FromString(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        Span<byte> bytes = stackalloc byte[Length];
        if (code.Length != Length)
        {
            throw new ArgumentException("An approval code is exactly six characters.", nameof(code));
        }

        for (var i = 0; i < Length; i++)
        {
            bytes[i] = checked((byte)code[i]);
        }

        return FromAscii(bytes);
    }

    /// <summary>Writes the six ASCII bytes (DE38); writes spaces for <see cref="None"/>.</summary>
    public void WriteAscii(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException("DE38 needs six bytes.", nameof(destination));
        }

        var packed = Packed;
        for (var i = 0; i < Length; i++)
        {
            var b = (byte)(packed >> (8 * i));
            destination[i] = b == 0 ? (byte)' ' : b;
        }
    }

    public bool Equals(ApprovalCode other) => Packed == other.Packed;

    public override bool Equals(object? obj) => obj is ApprovalCode other && Equals(other);

    public override int GetHashCode() => Packed.GetHashCode();

    public static bool operator ==(ApprovalCode left, ApprovalCode right) => left.Equals(right);

    public static bool operator !=(ApprovalCode left, ApprovalCode right) => !left.Equals(right);

    /// <summary>For logs and tests only: allocates.</summary>
    public override string ToString()
    {
        if (IsNone)
        {
            return "";
        }

        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = (char)(byte)(Packed >> (8 * i));
        }

        return new string(chars);
    }
}
