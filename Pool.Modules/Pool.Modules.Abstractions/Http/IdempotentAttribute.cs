namespace Pool.Modules.Abstractions.Http;

/// <summary>
/// Endpoint metadata: the request must carry an <c>Idempotency-Key</c> header, and a repeat with
/// the same key (from the same API key) gets the first answer and does nothing else (admin-api.md §1).
/// The Access module enforces it.
/// </summary>
public sealed class IdempotentAttribute : Attribute
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Longest key accepted, in characters (Stripe's limit, a common client assumption).</summary>
    public const int KeyLengthMax = 255;
}
