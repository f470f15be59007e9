namespace Pool.Modules.Clearing.Format;

/// <summary>One field of a record: its name as clearing-file.md spells it, its 1-based position and length, its type.</summary>
internal sealed record FieldSpec(string Name, int Position, int Length, FieldType Type)
{
    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> record) => record.Slice(Position - 1, Length);
}
