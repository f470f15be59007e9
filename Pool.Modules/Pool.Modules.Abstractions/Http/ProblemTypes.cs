namespace Pool.Modules.Abstractions.Http;

/// <summary>
/// Stable problem <c>type</c> values (RFC 9457) a script can branch on. Append only: a published
/// value never changes meaning.
/// </summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:pool:problem:";

    public const string Validation = Prefix + "validation";
    public const string Unauthenticated = Prefix + "unauthenticated";
    public const string Forbidden = Prefix + "forbidden";
    public const string NotFound = Prefix + "not-found";
    public const string Conflict = Prefix + "conflict";
    public const string RateLimited = Prefix + "rate-limited";
    public const string IdempotencyKeyRequired = Prefix + "idempotency-key-required";
    public const string IdempotencyKeyInUse = Prefix + "idempotency-key-in-use";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string InsufficientFunds = Prefix + "insufficient-funds";
    public const string InvalidTransition = Prefix + "invalid-status-transition";
    public const string EngineUnavailable = Prefix + "engine-unavailable";
    public const string AlreadyImported = Prefix + "already-imported";
    public const string FileRejected = Prefix + "file-rejected";
    public const string Internal = Prefix + "internal";
}
