namespace Pool.Modules.Cards.Contracts;

/// <summary>
/// One card as the authorization engine loads it (<see cref="ICardDirectory.ReadForEngineAsync"/>): only the
/// columns the engine needs, with no PAN. A <c>ref struct</c> handed to <see cref="ICardLoadSink.Add"/>: the
/// token span is valid only during that call.
/// </summary>
public readonly ref struct CardLoadRow
{
    /// <summary>The card's numeric id (issue order, never reused): the authorization engine's card id.</summary>
    public required long Number { get; init; }

    /// <summary>The card's id.</summary>
    public required string CardId { get; init; }

    /// <summary>Its cardholder (whose deposit account it draws on).</summary>
    public required string CardholderId { get; init; }

    /// <summary>HMAC-SHA-256 of the PAN's ASCII digits under the active hash key; <see cref="ICardDirectory.PanTokenBytes"/> long.</summary>
    public required ReadOnlySpan<byte> PanToken { get; init; }

    /// <summary>Expiry as the number YYMM (DE14), e.g. 2812.</summary>
    public required short ExpiryYymm { get; init; }

    /// <summary>Lifecycle status.</summary>
    public required CardStatus Status { get; init; }

    /// <summary>The card's controls; the shared <see cref="CardControls.Default"/> instance when the card has the defaults.</summary>
    public required CardControls Controls { get; init; }
}

/// <summary>Receives the cards of <see cref="ICardDirectory.ReadForEngineAsync"/>, one call per card, on the reading thread.</summary>
public interface ICardLoadSink
{
    /// <summary>One card; copy what is kept, the row's token span is reused after the call.</summary>
    void Add(in CardLoadRow card);
}
