namespace Pool.Modules.Abstractions.Http;

/// <summary>
/// Endpoint metadata: write this request to the audit trail even though it changes nothing
/// (e.g. a full-PAN read). Requests that change something are always audited.
/// </summary>
public sealed class AuditedAttribute : Attribute
{
}
