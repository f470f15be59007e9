using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine.Model;

internal sealed class ModelCard
{
    public required long Id { get; init; }

    public required long AccountId { get; init; }

    public required UInt128 Key { get; init; }

    public required short Expiry { get; init; }

    public CardStatus Status { get; set; } = CardStatus.Active;

    public long? PerTransactionLimitMinor { get; set; }

    public long? DailyLimitMinor { get; set; }

    public long? MonthlyLimitMinor { get; set; }

    public int? DailyCountMax { get; set; }

    public List<short> BlockedMccs { get; set; } = [];

    public bool AllowEcommerce { get; set; } = true;

    public bool AllowInternational { get; set; } = true;

    public bool AllowCash { get; set; } = true;

    public ModelCard Clone()
    {
        var copy = (ModelCard)MemberwiseClone();
        copy.BlockedMccs = [.. BlockedMccs];
        return copy;
    }

    public void SetControls(CardControls controls)
    {
        PerTransactionLimitMinor = controls.PerTransactionLimitMinor == CardControls.Unlimited ? null : controls.PerTransactionLimitMinor;
        DailyLimitMinor = controls.DailyLimitMinor == CardControls.Unlimited ? null : controls.DailyLimitMinor;
        MonthlyLimitMinor = controls.MonthlyLimitMinor == CardControls.Unlimited ? null : controls.MonthlyLimitMinor;
        DailyCountMax = controls.DailyCountMax == CardControls.UnlimitedCount ? null : controls.DailyCountMax;
        BlockedMccs = [.. controls.BlockedMccsToArray()];
        AllowEcommerce = controls.AllowEcommerce;
        AllowInternational = controls.AllowInternational;
        AllowCash = controls.AllowCash;
    }
}
