using System.Text.Json;

namespace Pool.Modules.Ledger.Api;

/// <summary>
/// <c>{ "amount": 1200 }</c>. The amount is read as any JSON value so that a string, a fraction or a missing
/// amount gets a validation problem naming <c>amount</c>, not a body-binding failure.
/// </summary>
internal sealed record MovementRequest(JsonElement Amount);
