namespace Pool.Benchmarks.Load;

/// <summary>The verdict of <see cref="AnswerCheck"/> on one answer.</summary>
internal enum AnswerOutcome
{
    Ok = 0,
    WrongCode = 1,
    WrongEcho = 2,
    WrongAmounts = 3,

    /// <summary>DE7 or DE32 (or the MTI class) differ: the answer is not to this request.</summary>
    WrongKey = 4,
}
