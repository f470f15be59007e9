namespace Pool.Modules.Cards.Application;

/// <summary>The authorization engine could not take a card change (standby, loading, journal down): the endpoint answers 503.</summary>
internal sealed class CardEngineUnavailableException : Exception
{
    public CardEngineUnavailableException()
        : base("The authorization engine is not available; the card change was not made.")
    {
    }

    public CardEngineUnavailableException(string message)
        : base(message)
    {
    }

    public CardEngineUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
