using System.Text.RegularExpressions;

namespace Pool.Modules.Jobs.Running;

/// <summary>What a failed run records and announces: the exception's type and message, never its stack, never a password.</summary>
internal static partial class JobRunError
{
    /// <summary>Longest recorded error, in characters: enough for any database or HTTP message, short enough for a chat line.</summary>
    public const int LengthMax = 2000;

    /// <summary>Longest recorded summary, in characters.</summary>
    public const int SummaryLengthMax = 1000;

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Truncate($"{exception.GetType().Name}: {Redact(exception.Message)}", LengthMax);
    }

    /// <summary>Masks password-like connection string values a driver may quote in a message.</summary>
    public static string Redact(string message) => Secret().Replace(message, "$1=***");

    public static string Truncate(string text, int lengthMax) =>
        text.Length <= lengthMax ? text : string.Concat(text.AsSpan(0, lengthMax - 1), "…");

    [GeneratedRegex(@"(password|pwd|passwd)\s*=\s*[^;\s]*", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Secret();
}
