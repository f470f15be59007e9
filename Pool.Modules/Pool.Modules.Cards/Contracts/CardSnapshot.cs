namespace Pool.Modules.Cards.Contracts;

/// <summary>
/// What the authorization engine needs of one card to load its state. Carries no PAN: the card is
/// found by its <see cref="PanToken"/>, the HMAC-SHA-256 of the PAN under the vault's active hash key
/// (see <see cref="ICardDirectory.ComputePanToken"/>).
/// </summary>
/// <param name="CardId">The card's id.</param>
/// <param name="CardholderId">Its cardholder (whose deposit account it draws on).</param>
/// <param name="PanToken">HMAC-SHA-256 of the PAN's ASCII digits under the active hash key; <see cref="ICardDirectory.PanTokenBytes"/> long.</param>
/// <param name="Expiry">Expiry as YYMM, as in DE14.</param>
/// <param name="Status">Lifecycle status.</param>
/// <param name="Controls">The card's controls.</param>
/// <param name="Bin">The first six digits of the PAN, for logs.</param>
/// <param name="Last4">The last four digits of the PAN, for logs.</param>
public sealed record CardSnapshot(
    string CardId,
    string CardholderId,
    ReadOnlyMemory<byte> PanToken,
    string Expiry,
    CardStatus Status,
    CardControls Controls,
    string Bin,
    string Last4)
{
    /// <summary>The card's numeric id (issue order, never reused): the authorization engine's card id.</summary>
    public long Number { get; init; }
}
