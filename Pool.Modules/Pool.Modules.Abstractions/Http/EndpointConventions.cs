using Microsoft.AspNetCore.Builder;

namespace Pool.Modules.Abstractions.Http;

public static class EndpointConventions
{
    private static readonly IdempotentAttribute Idempotent = new();
    private static readonly AuditedAttribute AuditedMarker = new();

    /// <summary>Writes this (read) request to the audit trail too.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(AuditedMarker);
        return builder;
    }

    /// <summary>Requires an <c>Idempotency-Key</c> and replays the first answer for a repeat.</summary>
    public static TBuilder RequireIdempotencyKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(Idempotent);
        return builder;
    }
}
