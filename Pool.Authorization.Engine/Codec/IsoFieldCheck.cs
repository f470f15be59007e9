namespace Pool.Authorization.Engine.Codec;

/// <summary>How the reader checks a field's wire bytes, decided once per dialect row so the hot loop branches once.</summary>
internal enum IsoFieldCheck : byte
{
    Undefined = 0,
    Digits = 1,
    Printable = 2,
    AnyByte = 3,

    // Track 2 text, hexadecimal text, packed BCD and signed amounts: IsoFieldFormat.IsValid.
    General = 4,
}
