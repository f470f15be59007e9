namespace Pool.Modules.Authorization.Engine;

/// <summary>The catalog of the state the running engine was loaded with; replaced on each load.</summary>
internal sealed class CardCatalogAccess
{
    private CardCatalog _current = CardCatalog.Empty;

    public CardCatalog Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }
}
