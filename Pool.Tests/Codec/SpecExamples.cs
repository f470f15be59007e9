namespace Pool.Tests.Codec;

/// <summary>
/// The byte-exact frames of SpecExamples/link-messages.md (copied from ../shared/spec/examples), by heading.
/// Each frame is the 2-byte header and the message; <see cref="Message"/> strips the header.
/// </summary>
internal static class SpecExamples
{
    public const string Purchase0100 = "0100 purchase (the spec's §10 example)";
    public const string Approval0110 = "0110 approval of it";
    public const string FullReversal0400 = "0400 full reversal of it";
    public const string PartialReversal0400 = "0400 partial reversal to 500";
    public const string EchoTest0800 = "0800 echo test";
    public const string EchoAnswer0810 = "0810 answer to it";
    public const string ForeignCurrency0100 = "0100 in US dollars, billed in yen";
    public const string MalformedLetterInDe4 = "Malformed: a letter in DE4";

    private static readonly Lazy<Dictionary<string, byte[]>> Frames = new(Load);

    /// <summary>Headings of the well-formed examples.</summary>
    public static readonly string[] WellFormed =
    [
        Purchase0100, Approval0110, FullReversal0400, PartialReversal0400, EchoTest0800, EchoAnswer0810, ForeignCurrency0100,
    ];

    public static byte[] Frame(string heading) => Frames.Value[heading];

    public static byte[] Message(string heading) => Frame(heading)[2..];

    private static Dictionary<string, byte[]> Load()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "SpecExamples", "link-messages.md");
        var frames = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? heading = null;
        var hex = new System.Text.StringBuilder();
        var inBlock = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                heading = line[3..].Trim();
            }
            else if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (inBlock && heading is not null)
                {
                    frames[heading] = Convert.FromHexString(hex.ToString());
                }

                hex.Clear();
                inBlock = !inBlock;
            }
            else if (inBlock)
            {
                hex.Append(line.Replace("frame", "", StringComparison.Ordinal).Trim());
            }
        }

        return frames;
    }
}
