namespace Pool.Modules.Cards.Contracts;

/// <summary>
/// The Cards module's door for other modules (the authorization engine): how a PAN becomes a lookup
/// token, and every card's state without its PAN.
/// </summary>
public interface ICardDirectory
{
    /// <summary>Length of a PAN token in bytes (HMAC-SHA-256).</summary>
    const int PanTokenBytes = 32;

    /// <summary>
    /// Writes the PAN token (HMAC-SHA-256 under the vault's active hash key) of <paramref name="panAscii"/>
    /// (the PAN's ASCII digits, as in DE2) to <paramref name="destination"/>, which must hold at least
    /// <see cref="PanTokenBytes"/> bytes, and returns the number of bytes written. Allocates nothing.
    /// </summary>
    int ComputePanToken(ReadOnlySpan<byte> panAscii, Span<byte> destination);

    /// <summary>
    /// Every card (any status), with its PAN token under the active hash key, in issue order. Cards whose
    /// vault record still uses an older key get their token computed under the active key while reading.
    /// </summary>
    IAsyncEnumerable<CardSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The card with this id (its token under the active key), or null (the engine adds a card issued after its load).</summary>
    Task<CardSnapshot?> FindByIdAsync(string cardId, CancellationToken cancellationToken);

    /// <summary>
    /// Every card (any status) in bulk — the authorization engine's state load, clearing's token resolution —
    /// in issue order, handed to <paramref name="sink"/> one at a time: only the engine's columns by binary
    /// COPY, with no object per card beyond its two id strings and token (cards with the default controls share
    /// <see cref="CardControls.Default"/>). Tokens are under the active key, as in <see cref="ReadAllAsync"/>.
    /// Returns the number of cards.
    /// </summary>
    Task<int> ReadForEngineAsync(ICardLoadSink sink, CancellationToken cancellationToken);

    /// <summary>The card with this PAN (its ASCII digits), or null; looks up under every configured key.</summary>
    Task<CardSnapshot?> FindByPanAsync(string pan, CancellationToken cancellationToken);
}
