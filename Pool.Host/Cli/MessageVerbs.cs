using Pool.Authorization.Engine.Inspection;

namespace Pool.Host;

/// <summary>
/// <c>message decode &lt;dialect&gt; [hex|-] [--show-pan]</c> and <c>message encode &lt;dialect&gt; [json|-]</c>:
/// the ISO 8583 message inspector for operators reading hex dumps (issue 3). Input is the argument, or
/// standard input when it is <c>-</c> or absent.
/// </summary>
internal static class MessageVerbs
{
    public static async Task<int> RunAsync(string verb, IReadOnlyList<string> arguments, TextReader input, TextWriter output, TextWriter error)
    {
        var showPan = arguments.Contains("--show-pan");
        var positional = arguments.Where(a => a != "--show-pan").ToList();
        if (positional.Count is < 1 or > 2)
        {
            await error.WriteLineAsync($"Usage: {verb} <dialect> [{(verb == CommandLine.MessageDecodeVerb ? "hex" : "json")}|-]{(verb == CommandLine.MessageDecodeVerb ? " [--show-pan]" : "")}");
            return MessageInspector.ExitUsage;
        }

        var text = positional.Count == 2 && positional[1] != "-" ? positional[1] : await input.ReadToEndAsync();
        return verb == CommandLine.MessageDecodeVerb
            ? MessageInspector.Decode(positional[0], text, showPan, output, error)
            : MessageInspector.Encode(positional[0], text, output, error);
    }
}
