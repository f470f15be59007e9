namespace Pool.Modules.Cards.Api;

/// <summary>The admin-only full-PAN read.</summary>
internal sealed record PanResponse(string Pan)
{
    public override string ToString() => "PanResponse { Pan = (hidden) }";
}
