using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Card changes through the engine (the Cards' <see cref="ICardChangeGateway"/>). Status and control
/// changes are applied and journaled (authorization.card_state) before Cards commits its row, so the next
/// authorization sees them. A card issued after the load (a new card or a lost or stolen card's
/// replacement) joins the running engine by <see cref="AuthorizationEngine.IssueCardAsync"/>, without a
/// reload: the link keeps answering every other card meanwhile.
/// </summary>
internal sealed class CardChangeGateway(
    EngineHost host,
    EngineCommandRunner runner,
    ILedgerAccounts ledger,
    IServiceProvider services,
    ILogger<CardChangeGateway> logger) : ICardChangeGateway
{
    public Task<CardChangeOutcome> ChangeStatusAsync(string cardId, Cards.Contracts.CardStatus status, CancellationToken cancellationToken) =>
        ApplyAsync(cardId, new AccountCommand { Kind = AccountCommandKind.CardStatusChange, Status = CardMapping.Status(status) }, "status", cancellationToken);

    public Task<CardChangeOutcome> ChangeControlsAsync(string cardId, Cards.Contracts.CardControls controls, CancellationToken cancellationToken) =>
        ApplyAsync(cardId, new AccountCommand { Kind = AccountCommandKind.CardControlsChange, Controls = CardMapping.Controls(controls) }, "controls", cancellationToken);

    /// <summary>
    /// Adds the committed card to the active engine. Under the host's load gate: a load either ran before
    /// (and read the card, so it is already there) or runs after (and reads it), and a deposit that
    /// bypasses the engine for an account it does not hold cannot move the balance read here.
    /// </summary>
    public async Task CardIssuedAsync(string cardId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardId);
        if (host.Engine is null || host.Catalog.TryGetNumber(cardId, out _))
        {
            return;
        }

        // Resolved here, not injected, as in the loader: the directory needs the vault's keys.
        var card = await services.GetRequiredService<ICardDirectory>().FindByIdAsync(cardId, cancellationToken)
            ?? throw new InvalidOperationException($"Card {cardId} was reported issued but is not in the card directory.");
        await host.LoadGate.WaitAsync(cancellationToken);
        try
        {
            if (host.Engine is not { } engine)
            {
                return;
            }

            var catalog = host.Catalog;
            var accountId = await AccountOfAsync(card, catalog, cancellationToken);
            long postedMinor = 0;
            if (!engine.State.TryGetBalance(accountId, out _, out _))
            {
                // The engine does not hold the account (cardholder created after the load): its posted
                // balance is the ledger's, unchanged while we hold the gate. Nothing is held on it yet:
                // holds come only from the engine, which never saw a card of this account.
                postedMinor = (await ledger.GetBalanceAsync(card.CardholderId, cancellationToken))?.Posted ?? 0;
            }

            var controls = CardMapping.Controls(card.Controls);
            var result = await engine.IssueCardAsync(
                new CardIssue
                {
                    CardId = card.Number,
                    CardKey = CardMapping.CardKey(card.PanToken.Span),
                    AccountId = accountId,
                    AccountPostedMinor = postedMinor,
                    Status = CardMapping.Status(card.Status),
                    ExpiryYymm = CardMapping.Expiry(card.Expiry),
                    Controls = controls,
                },
                cancellationToken);
            switch (result)
            {
                case CardIssueResult.Added or CardIssueResult.AlreadyAdded:
                    catalog.Add(new CatalogCard(card.Number, card.CardId, card.CardholderId, accountId));
                    AuthorizationLog.CardAdded(logger, card.CardId, result.ToString(), accountId);
                    break;
                case CardIssueResult.Unavailable:
                    // Stopping or deposed: whichever instance loads next reads the committed card.
                    break;
                default:
                    AuthorizationLog.CardNotAdded(logger, card.CardId, result.ToString());
                    break;
            }
        }
        finally
        {
            host.LoadGate.Release();
        }
    }

    /// <summary>The cardholder's deposit account. A cardholder without one gets it opened (idempotent), as creating a cardholder does: a card always draws on an account.</summary>
    private async Task<long> AccountOfAsync(CardSnapshot card, CardCatalog catalog, CancellationToken cancellationToken)
    {
        if (catalog.TryGetAccount(card.CardholderId, out var known))
        {
            return known;
        }

        if (await ledger.FindDepositAccountAsync(card.CardholderId, cancellationToken) is { } found)
        {
            return found;
        }

        var opened = await ledger.OpenDepositAccountAsync(card.CardholderId, cancellationToken);
        AuthorizationLog.DepositAccountOpenedForCard(logger, card.CardId, card.CardholderId, opened);
        return opened;
    }

    private async Task<CardChangeOutcome> ApplyAsync(string cardId, AccountCommand command, string what, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardId);
        if (host.Engine is null)
        {
            return CardChangeOutcome.Unavailable;
        }

        if (!host.Catalog.TryGetNumber(cardId, out var number))
        {
            return CardChangeOutcome.NotLoaded;
        }

        var result = await runner.ExecuteAsync(command with { CardId = number }, $"card:{what}:{cardId}:{Guid.NewGuid():N}", cardId, cancellationToken);
        return result switch
        {
            { IsUnavailable: true } => CardChangeOutcome.Unavailable,
            { Outcome.ResponseCode: ResponseCode.Approved } => CardChangeOutcome.Applied,
            { Outcome.ResponseCode: ResponseCode.InvalidCardNumber } => CardChangeOutcome.NotLoaded,
            _ => CardChangeOutcome.Unavailable,
        };
    }
}
