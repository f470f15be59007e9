using System.Diagnostics.Metrics;

namespace Pool.Modules.Cards;

/// <summary>Meter <c>Pool.Cards</c>: cards issued and status changes.</summary>
internal sealed class CardsMetrics
{
    public const string MeterName = "Pool.Cards";

    private readonly Counter<long> _issued;
    private readonly Counter<long> _statusChanges;

    public CardsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _issued = meter.CreateCounter<long>("pool.cards.issued", unit: "{card}", description: "Cards issued, replacements included.");
        _statusChanges = meter.CreateCounter<long>("pool.cards.status_changes", unit: "{change}", description: "Card status changes, by the status changed to.");
    }

    public void Issued(bool replacement) => _issued.Add(1, new KeyValuePair<string, object?>("replacement", replacement));

    public void StatusChanged(string to) => _statusChanges.Add(1, new KeyValuePair<string, object?>("to", to));
}
