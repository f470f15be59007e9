using System.Globalization;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Modules.Authorization.Api;

/// <summary>
/// One authorization (admin-api.md §3). Amounts in yen minor units; currency and MCC as their ISO digits; DE39 as two digits.
/// <see cref="AvailableAtDecision"/> is added to the spec's fields (docs/engine.md "Authorization log API"): the available
/// balance the decision was taken against, null when the card was unknown or the row predates it.
/// </summary>
internal sealed record AuthorizationResponse(
    string Id,
    string? CardId,
    string Mti,
    long Amount,
    string Currency,
    long? BillingAmount,
    string ResponseCode,
    string? ApprovalCode,
    string Status,
    string MerchantName,
    string Mcc,
    DateTimeOffset CreatedAt,
    long? AvailableAtDecision)
{
    /// <summary>JPY, the billing currency (link spec §4 note 1).</summary>
    private const short BillingCurrency = 392;

    public static AuthorizationResponse From(AuthorizationLogRow row) => new(
        AuthorizationLogStore.PublicId(row.Id),
        row.CardId,
        AuthorizationLogStore.Mti(row),
        row.Amount,
        row.Currency.ToString("D3", CultureInfo.InvariantCulture),
        row.BillingAmount ?? (row.Currency == BillingCurrency ? row.Amount : null),
        row.ResponseCode.ToString("D2", CultureInfo.InvariantCulture),
        row.ApprovalCode,
        AuthorizationLogStore.Status(row),
        row.MerchantName,
        row.Mcc.ToString("D4", CultureInfo.InvariantCulture),
        new DateTimeOffset(DateTime.SpecifyKind(row.DecidedAt, DateTimeKind.Utc)),
        row.AvailableAtDecision);
}
