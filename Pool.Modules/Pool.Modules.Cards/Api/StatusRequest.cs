namespace Pool.Modules.Cards.Api;

/// <summary>Body of <c>PUT /api/cards/{id}/status</c>: one of active, frozen, lost, stolen, closed.</summary>
internal sealed record StatusRequest(string? Status);
