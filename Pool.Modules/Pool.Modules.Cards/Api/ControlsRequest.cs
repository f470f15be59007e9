namespace Pool.Modules.Cards.Api;

/// <summary>
/// Body of <c>PUT /api/cards/{id}/controls</c> (admin-api.md §3). Everything is nullable so that a
/// missing switch is told apart from <c>false</c> and answered 400 naming the field.
/// </summary>
internal sealed record ControlsRequest(
    long? PerTransactionLimit,
    long? DailyLimit,
    long? MonthlyLimit,
    int? DailyCount,
    IReadOnlyList<string?>? BlockedMccs,
    bool? AllowEcommerce,
    bool? AllowInternational,
    bool? AllowCash);
