namespace Pool.Modules.Cards.Contracts;

/// <summary>
/// The controls of one card (admin-api.md §3, semantics in authorization-link.md §5). Amounts are yen;
/// a null limit or count means none. MCCs are four-digit strings (ISO 18245), e.g. <c>7995</c>.
/// </summary>
/// <param name="PerTransactionLimit">Largest single purchase or cash amount, in yen; null: none.</param>
/// <param name="DailyLimit">Largest approved total per Asia/Tokyo day, in yen; null: none.</param>
/// <param name="MonthlyLimit">Largest approved total per Asia/Tokyo month, in yen; null: none.</param>
/// <param name="DailyCount">Most approvals per Asia/Tokyo day; null: none.</param>
/// <param name="BlockedMccs">Merchant category codes always declined.</param>
/// <param name="AllowEcommerce">Whether e-commerce requests may be approved.</param>
/// <param name="AllowInternational">Whether requests from outside Japan may be approved.</param>
/// <param name="AllowCash">Whether cash withdrawals may be approved.</param>
public sealed record CardControls(
    long? PerTransactionLimit,
    long? DailyLimit,
    long? MonthlyLimit,
    int? DailyCount,
    IReadOnlyList<string> BlockedMccs,
    bool AllowEcommerce,
    bool AllowInternational,
    bool AllowCash)
{
    /// <summary>A new card's controls: no limits, no blocked MCCs, everything allowed (authorization-link.md §5).</summary>
    public static CardControls Default { get; } = new(null, null, null, null, [], AllowEcommerce: true, AllowInternational: true, AllowCash: true);
}
