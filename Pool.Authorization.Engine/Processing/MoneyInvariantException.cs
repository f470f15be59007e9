namespace Pool.Authorization.Engine.Processing;

/// <summary>A money invariant broke (a bug, never an input): the unit of work fails, is undone and answered 96.</summary>
public sealed class MoneyInvariantException : Exception
{
    public MoneyInvariantException()
    {
    }

    public MoneyInvariantException(string message)
        : base(message)
    {
    }

    public MoneyInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
