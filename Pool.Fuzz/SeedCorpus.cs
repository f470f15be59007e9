using System.Buffers;
using System.Text.RegularExpressions;
using Pool.Authorization.Engine.Codec;

namespace Pool.Fuzz;

/// <summary>
/// Writes the starting corpus: every frame of the link spec's examples (framed and bare), the 0100 in the two
/// ISO 8583:1987 layouts, and a DE55 of EMV tags, so the fuzzer starts from valid messages of each dialect.
/// </summary>
internal static partial class SeedCorpus
{
    public static void Write(string examplesPath, string directory)
    {
        Directory.CreateDirectory(directory);
        var index = 0;
        foreach (Match match in FrameBlock().Matches(File.ReadAllText(examplesPath)))
        {
            var frame = Convert.FromHexString(Regex.Replace(match.Groups[1].Value, @"\s|frame", ""));
            File.WriteAllBytes(Path.Combine(directory, $"spec-{index:D2}-frame"), frame);
            File.WriteAllBytes(Path.Combine(directory, $"spec-{index:D2}-message"), frame[2..]);
            index++;
        }

        var chip = Convert.FromHexString("9F2608A1B2C3D4E5F607089F2701809F100706010A03A000009F3704112233449F36020001950500000000009A032411249C01005F2A020392820219809F1A0203929F34031E0300");
        File.WriteAllBytes(Path.Combine(directory, "chip-de55"), chip);
        foreach (var dialect in new[] { IsoDialects.Iso87Ascii, IsoDialects.Iso87Binary })
        {
            var output = new ArrayBufferWriter<byte>();
            var writer = new IsoMessageWriter(output, dialect);
            writer.BeginMessage(200);
            writer.WriteField(2, "4242424242424242"u8);
            writer.WriteNumber(3, 0);
            writer.WriteNumber(4, 1200);
            writer.WriteNumber(11, 123);
            writer.WriteField(28, "C00000150"u8);
            writer.WriteField(35, "4242424242424242=2812101"u8);
            writer.WriteField(43, "SEVEN MART SHIBUYA       TOKYO        JP"u8);
            writer.WriteField(52, [1, 2, 3, 4, 5, 6, 7, 8]);
            writer.WriteField(55, "9F2608A1B2C3D4E5F607"u8);
            writer.WriteNumber(70, 301);
            writer.WriteField(102, "0123456789"u8);
            writer.WriteField(128, [8, 7, 6, 5, 4, 3, 2, 1]);
            if (!writer.Complete())
            {
                throw new InvalidOperationException($"The {dialect} seed failed: {writer.Error} at DE{writer.ErrorField}.");
            }

            if (!IsoMessageReader.TryRead(output.WrittenSpan, dialect, out _, out var error))
            {
                throw new InvalidOperationException($"The {dialect} seed does not read back: {error}.");
            }

            File.WriteAllBytes(Path.Combine(directory, $"{dialect.Name}-0200"), output.WrittenSpan.ToArray());
        }
    }

    [GeneratedRegex("```\\s*(frame[^`]*)```")]
    private static partial Regex FrameBlock();
}
