namespace Pool.Modules.Cards.Configuration;

/// <summary>Section <c>Cards</c>: what Pool issues and the PAN vault's keys.</summary>
internal sealed class CardsOptions
{
    public const string Section = "Cards";

    /// <summary>
    /// The BIN range new cards are issued under: 6 to 8 digits (ISO/IEC 7812-1 moved to 8-digit BINs in
    /// 2022). The default fits the spec's example card 4242424242424242.
    /// </summary>
    public string Bin { get; set; } = "424242";

    /// <summary>Years from the issue month to the expiry month.</summary>
    public int ExpiryYears { get; set; } = 5;

    /// <summary>Shortest and longest configurable BIN, in digits.</summary>
    public const int BinDigitsMin = 6;

    /// <inheritdoc cref="BinDigitsMin"/>
    public const int BinDigitsMax = 8;

    /// <summary>Longest expiry, in years: card schemes and chip certificates rarely allow more than 10.</summary>
    public const int ExpiryYearsMax = 10;

    public VaultOptions Vault { get; set; } = new();
}
