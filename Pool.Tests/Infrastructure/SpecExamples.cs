using System.Text.RegularExpressions;

namespace Pool.Tests.Infrastructure;

/// <summary>The byte-exact frames of SpecExamples/link-messages.md (a copy of ../shared/spec/examples), by heading.</summary>
public static partial class SpecExamples
{
    private static readonly Lazy<Dictionary<string, byte[]>> Frames = new(Load);

    /// <summary>The frame (with its length header) under the heading that starts with <paramref name="headingStart"/>.</summary>
    public static byte[] Frame(string headingStart) =>
        Frames.Value.Single(pair => pair.Key.StartsWith(headingStart, StringComparison.Ordinal)).Value;

    public static string ClearingSmallPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "SpecExamples", "clearing-small.txt");

    private static Dictionary<string, byte[]> Load()
    {
        var text = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "SpecExamples", "link-messages.md"));
        var frames = new Dictionary<string, byte[]>();
        foreach (Match section in Section().Matches(text))
        {
            var heading = section.Groups["heading"].Value.Trim();
            var hex = string.Concat(section.Groups["hex"].Value.Replace("frame", "", StringComparison.Ordinal).Where(char.IsAsciiHexDigit));
            frames[heading] = Convert.FromHexString(hex);
        }

        return frames;
    }

    [GeneratedRegex(@"^## (?<heading>[^\n]+)\n.*?```\n(?<hex>frame[^`]+)```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Section();
}
