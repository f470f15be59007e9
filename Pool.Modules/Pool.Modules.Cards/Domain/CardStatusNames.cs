using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Cards.Domain;

/// <summary>The wire names of <see cref="CardStatus"/> (admin-api.md §3): lower case, stable.</summary>
internal static class CardStatusNames
{
    public static string ToWire(CardStatus status) => status switch
    {
        CardStatus.Active => "active",
        CardStatus.Frozen => "frozen",
        CardStatus.Lost => "lost",
        CardStatus.Stolen => "stolen",
        CardStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a card status."),
    };

    /// <summary>Reads a wire name; exact, lower case only, as the spec writes them.</summary>
    public static bool TryParse(string? value, out CardStatus status)
    {
        status = value switch
        {
            "active" => CardStatus.Active,
            "frozen" => CardStatus.Frozen,
            "lost" => CardStatus.Lost,
            "stolen" => CardStatus.Stolen,
            "closed" => CardStatus.Closed,
            _ => 0,
        };
        return status != 0;
    }
}
