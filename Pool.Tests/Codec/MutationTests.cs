using System.Text;
using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>
/// Every single-byte change and every truncation of a set of valid messages gives a valid message or a typed
/// error, never an exception or a read out of range: the length handling where ISO 8583 libraries have crashed.
/// </summary>
public sealed class MutationTests
{
    private static readonly IsoDialect[] Dialects = [IsoDialects.PoolLink, IsoDialects.Iso87Ascii, IsoDialects.Iso87Binary];

    public static IEnumerable<TestCaseData> Messages()
    {
        foreach (var heading in SpecExamples.WellFormed)
        {
            yield return new TestCaseData(heading).SetName($"Mutations_Of_{heading.Split(' ')[0]}_{Math.Abs(heading.GetHashCode(StringComparison.Ordinal)) % 1000}_EndInAValueOrATypedError");
        }
    }

    [TestCaseSource(nameof(Messages))]
    public void SpecExample_EveryByteChangeAndTruncation_EndsInAValueOrATypedError(string heading)
    {
        AssertEveryMutationEndsCleanly(SpecExamples.Message(heading));
    }

    [Test]
    public void Iso87Messages_EveryByteChangeAndTruncation_EndInAValueOrATypedError()
    {
        var ascii = Encoding.Latin1.GetBytes(Iso87Samples.Ascii);
        var binary = Convert.FromHexString(Iso87Samples.BinaryHex);
        Assert.That(IsoMessageReader.TryRead(ascii, IsoDialects.Iso87Ascii, out _, out _), Is.True);
        Assert.That(IsoMessageReader.TryRead(binary, IsoDialects.Iso87Binary, out _, out _), Is.True);

        AssertEveryMutationEndsCleanly(ascii);
        AssertEveryMutationEndsCleanly(binary);
    }

    private static void AssertEveryMutationEndsCleanly(byte[] original)
    {
        var failures = new List<string>();
        for (var length = 0; length < original.Length; length++)
        {
            Check(original.AsSpan(0, length), $"truncated to {length}", failures);
        }

        var mutated = new byte[original.Length];
        for (var position = 0; position < original.Length; position++)
        {
            for (var value = 0; value < 256; value++)
            {
                if (value == original[position])
                {
                    continue;
                }

                original.CopyTo(mutated, 0);
                mutated[position] = (byte)value;
                Check(mutated, $"byte {position} = {value:X2}", failures);
            }
        }

        Assert.That(failures, Is.Empty);
    }

    private static void Check(ReadOnlySpan<byte> message, string mutation, List<string> failures)
    {
        Span<byte> characters = stackalloc byte[IsoDialect.LllVarLengthMax];
        foreach (var dialect in Dialects)
        {
            bool read;
            IsoMessage index;
            IsoReadError error;
            try
            {
                read = IsoMessageReader.TryRead(message, dialect, out index, out error);
            }
            catch (Exception exception) when (exception is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidOperationException)
            {
                failures.Add($"{dialect} {mutation}: {exception.GetType().Name}");
                continue;
            }

            var typed = read == (error.Kind == IsoReadErrorKind.None)
                && Enum.IsDefined(error.Kind)
                && error.Offset >= 0 && error.Offset <= message.Length
                && error.Field is >= 0 and <= 128;
            if (!typed)
            {
                failures.Add($"{dialect} {mutation}: untyped result {error}");
            }

            for (var field = 2; field <= 128; field++)
            {
                if (!index.Has(field))
                {
                    continue;
                }

                var entry = index.Entry(field);
                var inside = entry.Offset + entry.Length <= message.Length
                    && index.TryGetCharacters(message, field, characters, out var count)
                    && count == entry.Characters;
                if (!inside)
                {
                    failures.Add($"{dialect} {mutation}: DE{field} outside the frame or undecodable");
                }
            }
        }
    }
}
