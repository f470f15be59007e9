using Microsoft.Extensions.Logging;

namespace Pool.Modules.Authorization;

/// <summary>
/// Log messages of the engine's hosting (event ids 5100–5199; the link has 5001–5099). Next free id: 5126 (5109, the old full reload, is retired).
/// Never a PAN: cards appear by id.
/// </summary>
internal static partial class AuthorizationLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Engine standby: the lease is held by {Holder}; retrying every {RetryMs} ms")]
    public static partial void Standby(ILogger logger, string holder, int retryMs);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Lease taken with epoch {Epoch}; loading state")]
    public static partial void LeaseTaken(ILogger logger, long epoch);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Engine active with epoch {Epoch}: {Cards} cards, {Accounts} accounts, {Holds} holds, {Answers} recent answers loaded in {ElapsedMs} ms")]
    public static partial void Active(ILogger logger, long epoch, int cards, int accounts, int holds, int answers, long elapsedMs);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Engine deposed (epoch {Epoch}): {Reason}; going standby")]
    public static partial void Deposed(ILogger logger, long epoch, string reason);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error, Message = "Taking the lease or loading the state failed; retrying")]
    public static partial void StartFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Engine stopping: lease epoch {Epoch} released")]
    public static partial void Stopped(ILogger logger, long epoch);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Debug, Message = "Journal batch of {Records} records committed at position {Position} under epoch {Epoch}")]
    public static partial void BatchCommitted(ILogger logger, int records, long position, long epoch);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Critical, Message = "The ledger refused a transfer the engine decided; the projection stops at this batch and retries")]
    public static partial void LedgerMismatch(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "Journal commit failed; the batch was undone and answered 91")]
    public static partial void CommitFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Loaded holds of account {AccountId} sum to {HoldsMinor} yen but the ledger holds {LedgerHeldMinor} yen pending")]
    public static partial void HeldMismatch(ILogger logger, long accountId, long holdsMinor, long ledgerHeldMinor);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Card {CardId}: cardholder {CardholderId} has no deposit account; the card is not loaded")]
    public static partial void CardWithoutAccount(ILogger logger, string cardId, string cardholderId);

    [LoggerMessage(EventId = 5116, Level = LogLevel.Information, Message = "Journal caught up: {Batches} batches left by the previous holder projected, projection at position {Position}")]
    public static partial void CaughtUp(ILogger logger, int batches, long position);

    [LoggerMessage(EventId = 5117, Level = LogLevel.Error, Message = "Projecting journal batches {First}–{Last} failed; retrying (answers are not affected, the ledger and holds lag)")]
    public static partial void ProjectionFailed(ILogger logger, long first, long last, Exception exception);

    [LoggerMessage(EventId = 5119, Level = LogLevel.Debug, Message = "Projected {Records} records, batches {First}–{Last}, in one transaction; ms per step: {Timings}")]
    public static partial void ProjectionTimed(ILogger logger, int records, long first, long last, string timings);

    [LoggerMessage(EventId = 5118, Level = LogLevel.Information, Message = "State read in parallel, finished after (ms): accounts {AccountsMs}, cards {CardsMs}, card states {CardStatesMs}, holds {HoldsMs}, recent answers {AnswersMs}; state filled at {TotalMs}")]
    public static partial void StateRead(ILogger logger, long accountsMs, long cardsMs, long cardStatesMs, long holdsMs, long answersMs, long totalMs);

    [LoggerMessage(EventId = 5121, Level = LogLevel.Information, Message = "Card {CardId} issued after the load joined the engine ({Result}) on account {AccountId}")]
    public static partial void CardAdded(ILogger logger, string cardId, string result, long accountId);

    [LoggerMessage(EventId = 5122, Level = LogLevel.Error, Message = "Card {CardId} issued after the load cannot join the engine: {Result}. Its authorizations are answered 14 until the next load (raise Authorization:Engine:CardsMax/AccountsMax when a table is full)")]
    public static partial void CardNotAdded(ILogger logger, string cardId, string result);

    [LoggerMessage(EventId = 5123, Level = LogLevel.Warning, Message = "Card {CardId}: cardholder {CardholderId} had no deposit account; opened account {AccountId} so the card can be decided")]
    public static partial void DepositAccountOpenedForCard(ILogger logger, string cardId, string cardholderId, long accountId);

    [LoggerMessage(EventId = 5124, Level = LogLevel.Error, Message = "Journal commit of the batch at {Batch} failed in doubt; the journal says committed = {Committed}")]
    public static partial void CommitInDoubt(ILogger logger, string batch, string committed, Exception exception);

    [LoggerMessage(EventId = 5125, Level = LogLevel.Critical, Message = "Journal batch at {Batch} is or may be durable although the engine gave up on it; epoch {Epoch} fenced ({Fenced}) so the state is loaded again")]
    public static partial void InDoubtFenced(ILogger logger, string batch, long epoch, bool fenced);
}
