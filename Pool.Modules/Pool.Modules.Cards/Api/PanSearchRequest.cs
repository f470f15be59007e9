namespace Pool.Modules.Cards.Api;

/// <summary>Body of <c>POST /api/cards/search</c> (admin): the full PAN, in the body so that it is never in a URL, a log or the audit target.</summary>
internal sealed record PanSearchRequest(string? Pan);
