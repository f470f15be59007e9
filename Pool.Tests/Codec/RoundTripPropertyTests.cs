using System.Buffers;
using CsCheck;
using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>
/// Random valid messages, written then read, come back unchanged: MTI, fields and every field's characters.
/// CsCheck with a fixed seed, so a run is repeatable; a failure prints the shrunk message.
/// </summary>
public sealed class RoundTripPropertyTests
{
    // A fixed seed keeps the suite deterministic; replace it with the one CsCheck prints to replay a failure.
    private const string Seed = "bQ2dE1d5m4v1";
    private const int Iterations = 400;

    // Fields per random message: the 0100 of the spec has 17, and a few more cover the secondary bitmap.
    private const int FieldsPerMessageMax = 24;

    private static readonly IsoDialect[] Dialects = [Wire.PoolFormatsOnly, IsoDialects.Iso87Ascii, IsoDialects.Iso87Binary];

    [TestCase(0, TestName = "RandomValidMessage_PoolLink_RoundTrips")]
    [TestCase(1, TestName = "RandomValidMessage_Iso87Ascii_RoundTrips")]
    [TestCase(2, TestName = "RandomValidMessage_Iso87Binary_RoundTrips")]
    public void RandomValidMessage_RoundTrips(int dialectIndex)
    {
        var dialect = Dialects[dialectIndex];

        Message(dialect).Sample(sample => AssertRoundTrip(dialect, sample.Mti, sample.Fields), seed: Seed, iter: Iterations, threads: 1);
    }

    private static Gen<(int Mti, (int Field, byte[] Value)[] Fields)> Message(IsoDialect dialect)
    {
        var defined = Enumerable.Range(2, 127).Where(field => dialect.Field(field).IsDefined).ToArray();
        var entry = Gen.OneOf(defined).SelectMany(field => Value(dialect.Field(field)).Select(value => (field, value)));
        return Gen.Select(Gen.Int[0, IsoDialect.MtiMax], entry.Array[0, FieldsPerMessageMax], (mti, entries) =>
            (mti, entries.DistinctBy(item => item.field).OrderBy(item => item.field).ToArray()));
    }

    private static Gen<byte[]> Value(IsoFieldSpec spec)
    {
        var length = spec.LengthKind == IsoLengthKind.Fixed ? Gen.Const(spec.LengthMax) : Gen.Int[0, spec.LengthMax];
        var digit = Gen.Byte[(byte)'0', (byte)'9'];
        return spec.Type switch
        {
            IsoFieldType.Numeric => length.SelectMany(count => digit.Array[count]),
            IsoFieldType.Track2 => length.SelectMany(count => Gen.Frequency((9, (IGen<byte>)digit), (1, Gen.Const((byte)'='))).Array[count]),
            IsoFieldType.Binary => length.SelectMany(count => Gen.Byte.Array[count]),
            IsoFieldType.SignedAmount => Gen.Select(Gen.OneOf((byte)'C', (byte)'D'), digit.Array[spec.LengthMax - 1], (sign, digits) => digits.Prepend(sign).ToArray()),
            _ => length.SelectMany(count => Gen.Byte[0x20, 0x7E].Array[count]),
        };
    }

    private static void AssertRoundTrip(IsoDialect dialect, int mti, (int Field, byte[] Value)[] fields)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, dialect, bufferBytes: IsoMessageReader.MessageBytesMax);
        writer.BeginMessage(mti);
        foreach (var (field, value) in fields)
        {
            if (!writer.WriteField(field, value))
            {
                throw new InvalidOperationException($"DE{field} refused: {writer.Error}");
            }
        }

        if (!writer.Complete())
        {
            throw new InvalidOperationException($"Complete refused: {writer.Error}");
        }

        var message = output.WrittenSpan;
        if (!IsoMessageReader.TryRead(message, dialect, out var index, out var error))
        {
            throw new InvalidOperationException($"Read refused: {error}");
        }

        if (index.Mti != mti || index.Fields.Count != fields.Length)
        {
            throw new InvalidOperationException($"MTI {index.Mti} and {index.Fields.Count} fields came back for {mti} and {fields.Length}");
        }

        var characters = new byte[IsoDialect.LllVarLengthMax];
        foreach (var (field, value) in fields)
        {
            if (!index.TryGetCharacters(message, field, characters, out var count) || !characters.AsSpan(0, count).SequenceEqual(value))
            {
                throw new InvalidOperationException($"DE{field} did not come back unchanged");
            }
        }
    }
}
