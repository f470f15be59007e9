namespace Pool.Modules.Cards.Persistence;

/// <summary>
/// The Idempotency-Key of a card-issuing request, scoped to the calling API key's name, and what the
/// request was (<c>issue:&lt;cardholder id&gt;</c> or <c>replace:&lt;card id&gt;</c>).
/// </summary>
internal sealed record IssueKey(string KeyName, string IdempotencyKey, string Request)
{
    public static string IssueRequest(string cardholderId) => "issue:" + cardholderId;

    public static string ReplaceRequest(string cardId) => "replace:" + cardId;
}
