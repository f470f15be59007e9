using System.Text.Json.Serialization;
using Pool.Authorization.Engine.Journal;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Modules.Authorization.Api;

/// <summary>
/// <c>GET /api/authorizations/{id}</c>: the spec's fields (<see cref="AuthorizationResponse"/>), <c>availableAtDecision</c>,
/// and <c>related</c>, the other messages of the same transaction (docs/engine.md "Authorization log API"), oldest first.
/// </summary>
internal sealed record AuthorizationDetailResponse(
    [property: JsonIgnore] AuthorizationResponse Authorization,
    IReadOnlyList<RelatedAuthorization> Related)
{
    public string Id => Authorization.Id;

    public string? CardId => Authorization.CardId;

    public string Mti => Authorization.Mti;

    public long Amount => Authorization.Amount;

    public string Currency => Authorization.Currency;

    public long? BillingAmount => Authorization.BillingAmount;

    public string ResponseCode => Authorization.ResponseCode;

    public string? ApprovalCode => Authorization.ApprovalCode;

    public string Status => Authorization.Status;

    public string MerchantName => Authorization.MerchantName;

    public string Mcc => Authorization.Mcc;

    public DateTimeOffset CreatedAt => Authorization.CreatedAt;

    public long? AvailableAtDecision => Authorization.AvailableAtDecision;

    public static AuthorizationDetailResponse From(AuthorizationLogRow row, IReadOnlyList<AuthorizationLogRow> related)
    {
        var isReversal = IsReversal(row.Kind);
        return new(
            AuthorizationResponse.From(row),
            related.Select(r => new RelatedAuthorization(
                !isReversal ? Relation(r.Kind) : IsReversal(r.Kind) ? "reversal" : "original",
                AuthorizationResponse.From(r))).ToList());
    }

    private static bool IsReversal(short kind) => (JournalRecordKind)kind is JournalRecordKind.Reversal or JournalRecordKind.ReversalAdvice;

    private static string Relation(short kind) => (JournalRecordKind)kind switch
    {
        JournalRecordKind.Advice => "advice",
        JournalRecordKind.Reversal or JournalRecordKind.ReversalAdvice => "reversal",
        _ => "authorization",
    };
}

/// <summary>One related message: how it relates (<c>original</c>, <c>authorization</c>, <c>advice</c>, <c>reversal</c>) and the message.</summary>
internal sealed record RelatedAuthorization(string Relation, AuthorizationResponse Message);
