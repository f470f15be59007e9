using Microsoft.Extensions.Logging;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;
using Pool.Modules.Cards.Persistence;
using Pool.Modules.Cards.Vault;

namespace Pool.Modules.Cards.Application;

/// <summary>What the back office does to an existing card: status, controls, and the rare full-PAN read.</summary>
internal sealed class CardAdministration(
    CardStore cards,
    PanVault vault,
    TimeProvider time,
    CardsMetrics metrics,
    IEnumerable<ICardChangeGateway> gateways,
    ILogger<CardAdministration> logger)
{
    // The authorization engine's port, when the host has one: a change reaches the engine (journaled)
    // before Cards commits it, so the next authorization sees it (issue 5).
    private readonly ICardChangeGateway? _gateway = gateways.FirstOrDefault();

    /// <summary>Changes the status when admin-api.md §3 allows it; the row is locked so two changes take turns.</summary>
    public async Task<StatusChangeResult> ChangeStatusAsync(string cardId, CardStatus to, CancellationToken cancellationToken)
    {
        await using var connection = await cards.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var card = await CardStore.FindAsync(connection, transaction, cardId, forUpdate: true, cancellationToken);
        if (card is null)
        {
            return new StatusChangeResult(CardLifecycle.Outcome.Refused, null);
        }

        var outcome = CardLifecycle.Decide(card.Status, to);
        if (outcome != CardLifecycle.Outcome.Changed)
        {
            return new StatusChangeResult(outcome, card);
        }

        if (_gateway is not null && await _gateway.ChangeStatusAsync(cardId, to, cancellationToken) == CardChangeOutcome.Unavailable)
        {
            return new StatusChangeResult(outcome, card, EngineUnavailable: true);
        }

        await CardStore.UpdateStatusAsync(connection, transaction, cardId, to, time.GetUtcNow(), cancellationToken);
        var changed = await CardStore.FindAsync(connection, transaction, cardId, forUpdate: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.StatusChanged(CardStatusNames.ToWire(to));
        CardsLog.StatusChanged(logger, cardId, card.Last4, CardStatusNames.ToWire(card.Status), CardStatusNames.ToWire(to));
        return new StatusChangeResult(outcome, changed);
    }

    /// <summary>
    /// Replaces the card's controls; null when there is no such card. Throws <see cref="CardEngineUnavailableException"/>
    /// when the authorization engine could not take the change (nothing is changed then).
    /// </summary>
    public async Task<CardRow?> SetControlsAsync(string cardId, CardControls controls, CancellationToken cancellationToken)
    {
        if (_gateway is not null)
        {
            if (await cards.FindAsync(cardId, cancellationToken) is null)
            {
                return null;
            }

            if (await _gateway.ChangeControlsAsync(cardId, controls, cancellationToken) == CardChangeOutcome.Unavailable)
            {
                throw new CardEngineUnavailableException();
            }
        }

        if (!await cards.UpdateControlsAsync(cardId, controls, cancellationToken))
        {
            return null;
        }

        var card = await cards.FindAsync(cardId, cancellationToken);
        CardsLog.ControlsChanged(logger, cardId, card!.Last4);
        return card;
    }

    /// <summary>Opens the card's sealed PAN for an admin; null when there is no such card. The read is logged (bin and last4 only) and audited.</summary>
    public async Task<string?> ReadPanAsync(string cardId, string keyName, CancellationToken cancellationToken)
    {
        var card = await cards.FindAsync(cardId, cancellationToken);
        if (card is null)
        {
            return null;
        }

        var pan = PanVault.Open(vault.Key(card.KeyId), card.Id, card.PanCiphertext);
        CardsLog.PanRead(logger, card.Id, card.Bin, card.Last4, keyName);
        return pan;
    }
}
