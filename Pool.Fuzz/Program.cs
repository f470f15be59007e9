using SharpFuzz;

namespace Pool.Fuzz;

/// <summary>
/// AFL++ entry point: <c>afl-fuzz … -- dotnet Pool.Fuzz.dll</c> (docs/codec.md, "Fuzzing").
/// <c>dotnet Pool.Fuzz.dll --replay FILE…</c> runs inputs once in process, to reproduce a crash;
/// <c>--seed EXAMPLES.md DIR</c> writes the starting corpus.
/// </summary>
internal static class FuzzProgram
{
    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "--seed")
        {
            SeedCorpus.Write(args[1], args[2]);
            return 0;
        }

        if (args.Length > 0 && args[0] == "--replay")
        {
            foreach (var path in args.Skip(1))
            {
                CodecFuzzTarget.Run(File.ReadAllBytes(path));
                Console.WriteLine($"ok {path}");
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            CodecFuzzTarget.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    }
}
