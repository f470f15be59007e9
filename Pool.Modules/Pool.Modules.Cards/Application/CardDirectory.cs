using System.Runtime.CompilerServices;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Persistence;
using Pool.Modules.Cards.Vault;

namespace Pool.Modules.Cards.Application;

/// <summary>The <see cref="ICardDirectory"/> other modules see.</summary>
internal sealed class CardDirectory(CardStore cards, PanVault vault) : ICardDirectory
{
    public int ComputePanToken(ReadOnlySpan<byte> panAscii, Span<byte> destination)
    {
        if (destination.Length < ICardDirectory.PanTokenBytes)
        {
            throw new ArgumentException($"The destination must hold {ICardDirectory.PanTokenBytes} bytes.", nameof(destination));
        }

        return PanVault.Token(vault.Active, panAscii, destination);
    }

    public async IAsyncEnumerable<CardSnapshot> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var card in cards.ReadAllAsync(cancellationToken))
        {
            yield return Snapshot(card);
        }
    }

    public async Task<CardSnapshot?> FindByIdAsync(string cardId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardId);
        var card = await cards.FindAsync(cardId, cancellationToken);
        return card is null ? null : Snapshot(card);
    }

    public Task<int> ReadForEngineAsync(ICardLoadSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return cards.ReadForEngineAsync(
            vault.Active.Id,
            (keyId, cardId, sealedPan) => PanVault.Token(vault.Active, PanVault.Open(vault.Key(keyId), cardId, sealedPan)),
            sink,
            cancellationToken);
    }

    public async Task<CardSnapshot?> FindByPanAsync(string pan, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pan);
        var card = await cards.FindByTokensAsync(vault.TokensUnderEveryKey(pan), cancellationToken);
        return card is null ? null : Snapshot(card);
    }

    /// <summary>The card's state; a record not yet re-keyed gets its token under the active key, so the engine needs one key only.</summary>
    private CardSnapshot Snapshot(CardRow card)
    {
        var token = card.KeyId == vault.Active.Id
            ? card.PanHash
            : PanVault.Token(vault.Active, PanVault.Open(vault.Key(card.KeyId), card.Id, card.PanCiphertext));
        return new CardSnapshot(card.Id, card.CardholderId, token, card.Expiry, card.Status, card.Controls, card.Bin, card.Last4) { Number = card.Seq };
    }
}
