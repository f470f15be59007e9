using Microsoft.Extensions.Logging;

namespace Pool.Modules.Cards;

/// <summary>
/// The Cards module's log messages, event ids 3000–3999. A card is named by its id, bin and last4;
/// never a PAN, never a key. Next free id: 3010.
/// </summary>
internal static partial class CardsLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Cardholder {CardholderId} created")]
    public static partial void CardholderCreated(ILogger logger, string cardholderId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Card {CardId} issued to {CardholderId}: bin {Bin}, last4 {Last4}, expiry {Expiry}")]
    public static partial void CardIssued(ILogger logger, string cardId, string cardholderId, string bin, string last4, string expiry);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Card {CardId} (last4 {Last4}) status {From} -> {To}")]
    public static partial void StatusChanged(ILogger logger, string cardId, string last4, string from, string to);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Card {CardId} (last4 {Last4}) controls changed")]
    public static partial void ControlsChanged(ILogger logger, string cardId, string last4);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Card {CardId} (last4 {Last4}) replaced by {ReplacementId} (last4 {ReplacementLast4})")]
    public static partial void CardReplaced(ILogger logger, string cardId, string last4, string replacementId, string replacementLast4);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Full PAN of card {CardId} (bin {Bin}, last4 {Last4}) read by {KeyName}")]
    public static partial void PanRead(ILogger logger, string cardId, string bin, string last4, string keyName);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "No vault keys configured: generated a Development key set in {Path}")]
    public static partial void DevelopmentVaultKeysCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Re-keyed {Count} vault record(s) to key {KeyId}")]
    public static partial void Rekeyed(ILogger logger, int count, string keyId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "A drawn PAN under bin {Bin} was already issued; drawing again (attempt {Attempt})")]
    public static partial void PanCollision(ILogger logger, string bin, int attempt);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Demo data seeded: {Cardholders} cardholder(s), {Cards} card(s)")]
    public static partial void DemoSeeded(ILogger logger, int cardholders, int cards);
}
