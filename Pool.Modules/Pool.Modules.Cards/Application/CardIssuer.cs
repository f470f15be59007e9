using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Cards.Configuration;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;
using Pool.Modules.Cards.Persistence;
using Pool.Modules.Cards.Vault;

namespace Pool.Modules.Cards.Application;

/// <summary>
/// Issues cards: a fresh PAN under the configured BIN, its vault record under the active key, an expiry
/// from the clock, status active. Card-issuing requests are made idempotent here, not by the Access
/// module's store, because that store keeps the first answer's body, and this answer holds the PAN:
/// a repeat finds the card by its Idempotency-Key and opens its sealed PAN again.
/// </summary>
internal sealed class CardIssuer(
    CardStore cards,
    PanVault vault,
    IOptions<CardsOptions> options,
    TimeProvider time,
    CardsMetrics metrics,
    IEnumerable<ICardChangeGateway> gateways,
    ILogger<CardIssuer> logger)
{
    private readonly ICardChangeGateway? _gateway = gateways.FirstOrDefault();

    /// <summary>
    /// PANs drawn before giving up. With a 6-digit BIN there are 10^9 PANs, so even a million issued
    /// cards make a collision 1 in 1,000; eight in a row means the range is full or something is broken.
    /// </summary>
    public const int DrawAttemptsMax = 8;

    public async Task<IssueResult> IssueAsync(string cardholderId, IssueKey? key, CancellationToken cancellationToken)
    {
        if (key is not null && await cards.FindByIssueKeyAsync(key.KeyName, key.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Replay(earlier, key);
        }

        try
        {
            await using var connection = await cards.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The cardholder's row lock makes issues to one cardholder take turns, so the count holds
            // and a concurrent repeat of this request is found below rather than issued twice.
            if (!await CardholderStore.LockAsync(connection, transaction, cardholderId, cancellationToken))
            {
                return new IssueResult(IssueOutcome.NotFound);
            }

            if (key is not null && await CardStore.FindByIssueKeyAsync(connection, transaction, key.KeyName, key.IdempotencyKey, cancellationToken) is { } first)
            {
                return Replay(first, key);
            }

            if (await CardStore.CountUsableAsync(connection, transaction, cardholderId, cancellationToken) >= options.Value.CardsPerCardholderMax)
            {
                return new IssueResult(IssueOutcome.LimitReached);
            }

            var card = await InsertNewAsync(connection, transaction, cardholderId, CardControls.Default, key, givenPan: null, givenExpiry: null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await IssuedAsync(card, replacement: false, cancellationToken);
            return new IssueResult(IssueOutcome.Issued, card);
        }
        catch (PostgresException exception) when (key is not null && CardStore.IsUniqueViolation(exception, CardStore.IssueKeyIndex))
        {
            // The same key, for another cardholder, was committed meanwhile: the replay says it was reused.
            var first = await cards.FindByIssueKeyAsync(key.KeyName, key.IdempotencyKey, cancellationToken);
            return Replay(first!, key);
        }
    }

    /// <summary>Issues a card with a given PAN and expiry. Demo seeding only: the spec's example card must exist for its frames to work.</summary>
    public async Task<IssuedCard> IssueWithPanAsync(string cardholderId, string pan, string expiry, CancellationToken cancellationToken)
    {
        if (!Pan.IsWellFormed(pan) || !Expiry.IsWellFormed(expiry))
        {
            throw new ArgumentException("The given PAN must be 16 Luhn-valid digits and the expiry YYMM.", nameof(pan));
        }

        await using var connection = await cards.DataSource.OpenConnectionAsync(cancellationToken);
        var card = await InsertNewAsync(connection, null, cardholderId, CardControls.Default, null, pan, expiry, cancellationToken);
        await IssuedAsync(card, replacement: false, cancellationToken);
        return card;
    }

    /// <summary>
    /// Replaces a lost or stolen card: a new card (new PAN and expiry) for the same cardholder with the
    /// same controls; the old card keeps its blocked status and points at its replacement.
    /// </summary>
    public async Task<IssueResult> ReplaceAsync(string cardId, IssueKey? key, CancellationToken cancellationToken)
    {
        if (key is not null && await cards.FindByIssueKeyAsync(key.KeyName, key.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Replay(earlier, key);
        }

        var unlocked = await cards.FindAsync(cardId, cancellationToken);
        if (unlocked is null)
        {
            return new IssueResult(IssueOutcome.NotFound);
        }

        await using var connection = await cards.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locks in the order issuing takes them (cardholder, then card): concurrent replacements of one
        // card take turns and the second sees replaced_by; the cardholder's card count holds.
        await CardholderStore.LockAsync(connection, transaction, unlocked.CardholderId, cancellationToken);
        var old = (await CardStore.FindAsync(connection, transaction, cardId, forUpdate: true, cancellationToken))!;

        if (!CardLifecycle.IsReplaceable(old.Status))
        {
            return new IssueResult(IssueOutcome.NotReplaceable, Status: old.Status);
        }

        if (old.ReplacedBy is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            if (key is not null && await cards.FindByIssueKeyAsync(key.KeyName, key.IdempotencyKey, cancellationToken) is { } first)
            {
                return Replay(first, key);
            }

            return new IssueResult(IssueOutcome.AlreadyReplaced, Status: old.Status, ReplacedBy: old.ReplacedBy);
        }

        // The old card no longer counts (it is lost or stolen); the limit still holds for the new one.
        if (await CardStore.CountUsableAsync(connection, transaction, old.CardholderId, cancellationToken) >= options.Value.CardsPerCardholderMax)
        {
            return new IssueResult(IssueOutcome.LimitReached, Status: old.Status);
        }

        var replacement = await InsertNewAsync(connection, transaction, old.CardholderId, old.Controls, key, givenPan: null, givenExpiry: null, cancellationToken);
        await CardStore.MarkReplacedAsync(connection, transaction, old.Id, replacement.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await IssuedAsync(replacement, replacement: true, cancellationToken);
        CardsLog.CardReplaced(logger, old.Id, old.Last4, replacement.Id, Pan.Last4(replacement.Pan));
        return new IssueResult(IssueOutcome.Issued, replacement);
    }

    /// <summary>Draws PANs until one is free (bounded), seals it and inserts the card.</summary>
    private async Task<IssuedCard> InsertNewAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string cardholderId,
        CardControls controls,
        IssueKey? key,
        string? givenPan,
        string? givenExpiry,
        CancellationToken cancellationToken)
    {
        var bin = options.Value.Bin;
        var now = time.GetUtcNow();
        var expiry = givenExpiry ?? Expiry.From(now, options.Value.ExpiryYears);
        for (var attempt = 1; attempt <= DrawAttemptsMax; attempt++)
        {
            var pan = givenPan ?? Pan.Generate(bin);
            var id = Ids.New("card");
            var record = new NewCard(
                id,
                cardholderId,
                PanVault.Token(vault.Active, pan),
                PanVault.Seal(vault.Active, id, pan),
                vault.Active.Id,
                Pan.Bin(pan),
                Pan.Last4(pan),
                expiry,
                controls,
                key,
                now);
            // A savepoint lets a collision be retried inside the caller's transaction.
            if (transaction is not null)
            {
                await transaction.SaveAsync("draw", cancellationToken);
            }

            try
            {
                await CardStore.InsertAsync(connection, transaction, record, cancellationToken);
                return new IssuedCard(id, cardholderId, pan, expiry);
            }
            catch (PostgresException exception) when (givenPan is null && CardStore.IsUniqueViolation(exception, CardStore.PanHashIndex))
            {
                if (transaction is not null)
                {
                    await transaction.RollbackAsync("draw", cancellationToken);
                }

                CardsLog.PanCollision(logger, Pan.Bin(pan), attempt);
            }
        }

        throw new InvalidOperationException($"No free PAN under BIN {bin} after {DrawAttemptsMax} draws; the range may be exhausted.");
    }

    private IssueResult Replay(CardRow card, IssueKey key)
    {
        if (!string.Equals(card.IssueRequest, key.Request, StringComparison.Ordinal))
        {
            return new IssueResult(IssueOutcome.KeyReused);
        }

        var pan = PanVault.Open(vault.Key(card.KeyId), card.Id, card.PanCiphertext);
        return new IssueResult(IssueOutcome.Replayed, new IssuedCard(card.Id, card.CardholderId, pan, card.Expiry));
    }

    /// <summary>Counts and logs a committed card, and tells the authorization engine (when there is one) so it can decide for it.</summary>
    private async Task IssuedAsync(IssuedCard card, bool replacement, CancellationToken cancellationToken)
    {
        metrics.Issued(replacement);
        CardsLog.CardIssued(logger, card.Id, card.CardholderId, Pan.Bin(card.Pan), Pan.Last4(card.Pan), card.Expiry);
        if (_gateway is not null)
        {
            await _gateway.CardIssuedAsync(card.Id, cancellationToken);
        }
    }
}
