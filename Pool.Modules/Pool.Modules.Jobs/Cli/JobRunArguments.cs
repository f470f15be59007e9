namespace Pool.Modules.Jobs.Cli;

/// <summary>The arguments of <c>job run &lt;name&gt; [--param k=v ...]</c>.</summary>
internal sealed record JobRunArguments(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    public const string ParameterOption = "--param";

    /// <summary>Most parameters of one run: a bound on operator input; real jobs take one or two.</summary>
    public const int ParametersMax = 32;

    /// <summary>The arguments, or null with the reason.</summary>
    public static JobRunArguments? TryParse(IReadOnlyList<string> arguments, out string? error)
    {
        string? name = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string? pair = null;
            if (argument == ParameterOption)
            {
                if (++i == arguments.Count)
                {
                    error = "--param needs a value: --param key=value.";
                    return null;
                }

                pair = arguments[i];
            }
            else if (argument.StartsWith(ParameterOption + "=", StringComparison.Ordinal))
            {
                pair = argument[(ParameterOption.Length + 1)..];
            }
            else if (argument.StartsWith('-') || name is not null)
            {
                error = $"Unexpected argument '{argument}'.";
                return null;
            }
            else
            {
                name = argument;
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1)
            {
                error = $"Parameter '{pair}' is not key=value.";
                return null;
            }

            if (parameters.Count == ParametersMax)
            {
                error = $"At most {ParametersMax} parameters.";
                return null;
            }

            parameters[pair[..equals]] = pair[(equals + 1)..];
        }

        if (name is null)
        {
            error = "Name the job: job run <name> [--param key=value ...].";
            return null;
        }

        error = null;
        return new JobRunArguments(name, parameters);
    }
}
