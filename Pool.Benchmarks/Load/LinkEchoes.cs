namespace Pool.Benchmarks.Load;

/// <summary>Link spec §4, column "E": the request fields each answer echoes unchanged (when the request had them).</summary>
internal static class LinkEchoes
{
    public static readonly int[] In0110 = [2, 3, 4, 6, 7, 10, 11, 32, 37, 41, 42, 48, 49, 51];
    public static readonly int[] In0130 = [2, 3, 4, 6, 7, 10, 11, 32, 37, 41, 42, 49, 51];
    public static readonly int[] In0410 = [2, 3, 4, 6, 7, 10, 11, 32, 37, 49, 51, 90];
    public static readonly int[] In0810 = [7, 11, 70];

    /// <summary>The echoed fields of the answer to <paramref name="requestMti"/> (0100, 0120, 0400/0420, 0800).</summary>
    public static int[] For(int requestMti) => requestMti switch { 100 => In0110, 120 => In0130, 800 => In0810, _ => In0410 };
}
