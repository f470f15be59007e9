using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Cards.Persistence;

/// <summary>What is inserted for a new card; the PAN itself is not here, only its vault record.</summary>
internal sealed record NewCard(
    string Id,
    string CardholderId,
    byte[] PanHash,
    byte[] PanCiphertext,
    string KeyId,
    string Bin,
    string Last4,
    string Expiry,
    CardControls Controls,
    IssueKey? IssueKey,
    DateTimeOffset CreatedAt);
