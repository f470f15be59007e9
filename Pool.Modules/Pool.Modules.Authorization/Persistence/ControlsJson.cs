using System.Text.Json;
using Pool.Authorization.Engine.State;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>authorization.card_state.controls: the engine's <see cref="CardControls"/> as JSON (limits in yen, long.MaxValue = none).</summary>
internal sealed record ControlsJson(
    long PerTransactionLimitMinor,
    long DailyLimitMinor,
    long MonthlyLimitMinor,
    int DailyCountMax,
    short[] BlockedMccs,
    bool AllowEcommerce,
    bool AllowInternational,
    bool AllowCash)
{
    public static string Serialize(in CardControls controls) => JsonSerializer.Serialize(new ControlsJson(
        controls.PerTransactionLimitMinor,
        controls.DailyLimitMinor,
        controls.MonthlyLimitMinor,
        controls.DailyCountMax,
        controls.BlockedMccsToArray(),
        controls.AllowEcommerce,
        controls.AllowInternational,
        controls.AllowCash));

    public static CardControls Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize<ControlsJson>(json) ?? throw new InvalidOperationException("card_state.controls is null JSON.");
        var controls = new CardControls
        {
            PerTransactionLimitMinor = stored.PerTransactionLimitMinor,
            DailyLimitMinor = stored.DailyLimitMinor,
            MonthlyLimitMinor = stored.MonthlyLimitMinor,
            DailyCountMax = stored.DailyCountMax,
            AllowEcommerce = stored.AllowEcommerce,
            AllowInternational = stored.AllowInternational,
            AllowCash = stored.AllowCash,
        };
        controls.SetBlockedMccs(stored.BlockedMccs);
        return controls;
    }
}
