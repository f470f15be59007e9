namespace Pool.Modules.Clearing.Import;

/// <summary>The stable names of <see cref="ExceptionReason"/> in the API.</summary>
internal static class ExceptionReasons
{
    public static string Name(ExceptionReason reason) => reason switch
    {
        ExceptionReason.UnknownCard => "unknown-card",
        ExceptionReason.UnknownPresentment => "unknown-presentment",
        ExceptionReason.PostingRefused => "posting-refused",
        _ => "other",
    };
}
