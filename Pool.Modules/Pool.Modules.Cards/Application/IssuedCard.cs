namespace Pool.Modules.Cards.Application;

/// <summary>A card just issued (or its issuing replayed): the only object that carries a full PAN out of the module.</summary>
internal sealed record IssuedCard(string Id, string CardholderId, string Pan, string Expiry)
{
    /// <summary>Keeps the PAN out of any log or debugger display that prints the record.</summary>
    public override string ToString() => $"IssuedCard {{ Id = {Id}, CardholderId = {CardholderId}, Last4 = {Pan[^4..]}, Expiry = {Expiry} }}";
}
