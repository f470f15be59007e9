namespace Pool.Modules.Abstractions;

/// <summary>
/// An operator verb of the host's command line, e.g. <c>clearing import &lt;file&gt;</c>. The host has
/// started (configuration, database, migrations, services) when <see cref="RunAsync"/> is called, but
/// serves neither the link nor the API.
/// </summary>
/// <param name="Name">The words that select it, e.g. <c>clearing import</c>.</param>
/// <param name="Usage">Arguments, e.g. <c>&lt;file&gt;</c>.</param>
/// <param name="Description">One line for <c>help</c>.</param>
/// <param name="RunAsync">The work; returns the process exit code (0 success).</param>
public sealed record CliVerb(
    string Name,
    string Usage,
    string Description,
    Func<CliContext, CancellationToken, Task<int>> RunAsync);

/// <summary>What a verb is given.</summary>
/// <param name="Services">The host's services.</param>
/// <param name="Arguments">The arguments after the verb's words.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record CliContext(
    IServiceProvider Services,
    IReadOnlyList<string> Arguments,
    TextWriter Output,
    TextWriter Error);
