using Microsoft.Extensions.Options;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Card status and control changes through the engine (the Cards' <see cref="ICardChangeGateway"/>): the
/// engine applies and journals them (authorization.card_state) before Cards commits its row, so the next
/// authorization sees them. A card issued after the load makes the engine reload, so it can be decided.
/// </summary>
internal sealed class CardChangeGateway(EngineHost host, EngineCommandRunner runner, IOptions<EngineHostOptions> options) : ICardChangeGateway
{
    public Task<CardChangeOutcome> ChangeStatusAsync(string cardId, Cards.Contracts.CardStatus status, CancellationToken cancellationToken) =>
        ApplyAsync(cardId, new AccountCommand { Kind = AccountCommandKind.CardStatusChange, Status = CardMapping.Status(status) }, "status", cancellationToken);

    public Task<CardChangeOutcome> ChangeControlsAsync(string cardId, Cards.Contracts.CardControls controls, CancellationToken cancellationToken) =>
        ApplyAsync(cardId, new AccountCommand { Kind = AccountCommandKind.CardControlsChange, Controls = CardMapping.Controls(controls) }, "controls", cancellationToken);

    public async Task CardIssuedAsync(string cardId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardId);
        if (host.Engine is null || host.Catalog.TryGetNumber(cardId, out _))
        {
            return;
        }

        await host.ReloadAsync(TimeSpan.FromMilliseconds(options.Value.AdminCommandTimeoutMs), cancellationToken);
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
