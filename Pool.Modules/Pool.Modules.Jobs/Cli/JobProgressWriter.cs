namespace Pool.Modules.Jobs.Cli;

/// <summary>Progress of a one-shot run, printed as it comes (synchronously, so lines keep their order).</summary>
internal sealed class JobProgressWriter(TextWriter output) : IProgress<string>
{
    public void Report(string value) => output.WriteLine(value);
}
