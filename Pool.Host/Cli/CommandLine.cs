using Pool.Modules.Abstractions;

namespace Pool.Host;

/// <summary>The parsed command line: a verb, its arguments, and the rest for configuration.</summary>
internal sealed class CommandLine
{
    public const string RunVerb = "run";
    public const string MigrateVerb = "migrate";
    public const string HelpVerb = "help";
    public const string UnknownVerb = "?";
    public const string ModuleVerbName = "module";
    public const string MessageDecodeVerb = "message decode";
    public const string MessageEncodeVerb = "message encode";
    private const string DemoFlag = "--demo";

    public required string Verb { get; init; }

    public string Words { get; init; } = "";

    public CliVerb? ModuleVerb { get; init; }

    public bool Demo { get; init; }

    /// <summary>Arguments after the verb's words, up to the first <c>--Key=value</c> style configuration argument.</summary>
    public IReadOnlyList<string> VerbArguments { get; init; } = [];

    /// <summary>Arguments for ASP.NET Core configuration.</summary>
    public string[] ConfigurationArguments { get; init; } = [];

    public static CommandLine Parse(string[] args, IReadOnlyList<IModule> modules)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return Serve(args);
        }

        switch (args[0])
        {
            case RunVerb:
                return Serve(args[1..]);
            case MigrateVerb:
                return new CommandLine { Verb = MigrateVerb, ConfigurationArguments = args[1..] };
            case HelpVerb or "--help" or "-h":
                return new CommandLine { Verb = HelpVerb };
            case "message" when args.Length >= 2 && args[1] is "decode" or "encode":
                return new CommandLine { Verb = "message " + args[1], Words = "message " + args[1], VerbArguments = args[2..] };
        }

        // The longest module verb whose words start the command line wins ("job run" before "job").
        CliVerb? best = null;
        var bestWords = 0;
        foreach (var module in modules)
        {
            foreach (var verb in module.Verbs)
            {
                var words = verb.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length > bestWords && words.Length <= args.Length && words.SequenceEqual(args[..words.Length], StringComparer.Ordinal))
                {
                    best = verb;
                    bestWords = words.Length;
                }
            }
        }

        if (best is null)
        {
            return new CommandLine { Verb = UnknownVerb, Words = args[0] };
        }

        var rest = args[bestWords..];
        var verbArguments = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            // --Key=value and --urls value go to configuration; everything else belongs to the verb.
            if (rest[i].StartsWith("--", StringComparison.Ordinal) && rest[i].Contains(':', StringComparison.Ordinal) || rest[i] == "--urls")
            {
                configuration.Add(rest[i]);
                if (!rest[i].Contains('=', StringComparison.Ordinal) && i + 1 < rest.Length)
                {
                    configuration.Add(rest[++i]);
                }
            }
            else
            {
                verbArguments.Add(rest[i]);
            }
        }

        return new CommandLine
        {
            Verb = ModuleVerbName,
            Words = best.Name,
            ModuleVerb = best,
            VerbArguments = verbArguments,
            ConfigurationArguments = [.. configuration],
        };
    }

    public static void WriteHelp(TextWriter output, IReadOnlyList<IModule> modules)
    {
        output.WriteLine("Usage: Pool.Host [command] [--Key=value ...]");
        output.WriteLine();
        output.WriteLine("  run [--demo]          serve the authorization link and the admin API (the default); --demo seeds demo data");
        output.WriteLine("  migrate               apply pending database migrations and exit");
        output.WriteLine("  message decode <dialect> [hex|-] [--show-pan]");
        output.WriteLine("                        print an ISO 8583 message given as hex as JSON (dialects: pool, iso87a, iso87b); PAN masked");
        output.WriteLine("  message encode <dialect> [json|-]");
        output.WriteLine("                        print the hex of a message given as JSON fields");
        foreach (var module in modules)
        {
            foreach (var verb in module.Verbs)
            {
                output.WriteLine($"  {(verb.Name + " " + verb.Usage).Trim(),-21} {verb.Description}");
            }
        }

        output.WriteLine("  help                  this text");
        output.WriteLine();
        output.WriteLine("Configuration: appsettings.json, environment variables (Admin__ApiKeys__0__Key=...), or --Key=value.");
    }

    private static CommandLine Serve(string[] args) => new()
    {
        Verb = RunVerb,
        Demo = args.Contains(DemoFlag),
        ConfigurationArguments = args.Where(a => a != DemoFlag).ToArray(),
    };
}
