namespace Pool.Modules.Cards.Api;

/// <summary>Body of <c>POST /api/cardholders</c>.</summary>
internal sealed record CreateCardholderRequest(string? Name);
