using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Cards.Persistence;

/// <summary>A row of <c>cards.cards</c>: a card and its vault record.</summary>
internal sealed class CardRow
{
    public long Seq { get; init; }

    public string Id { get; init; } = "";

    public string CardholderId { get; init; } = "";

    public byte[] PanHash { get; init; } = [];

    public byte[] PanCiphertext { get; init; } = [];

    public string KeyId { get; init; } = "";

    public string Bin { get; init; } = "";

    public string Last4 { get; init; } = "";

    public string Expiry { get; init; } = "";

    public short StatusValue { get; init; }

    public long? PerTransactionLimit { get; init; }

    public long? DailyLimit { get; init; }

    public long? MonthlyLimit { get; init; }

    public int? DailyCount { get; init; }

    public string[] BlockedMccs { get; init; } = [];

    public bool AllowEcommerce { get; init; }

    public bool AllowInternational { get; init; }

    public bool AllowCash { get; init; }

    public string? ReplacedBy { get; init; }

    public string? IssueRequest { get; init; }

    public DateTime CreatedAt { get; init; }

    public CardStatus Status => (CardStatus)StatusValue;

    public CardControls Controls => new(PerTransactionLimit, DailyLimit, MonthlyLimit, DailyCount, BlockedMccs, AllowEcommerce, AllowInternational, AllowCash);
}
