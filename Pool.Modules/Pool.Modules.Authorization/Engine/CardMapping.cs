using System.Buffers.Binary;
using System.Globalization;
using EngineCardControls = Pool.Authorization.Engine.State.CardControls;
using EngineCardStatus = Pool.Authorization.Engine.State.CardStatus;
using ContractCardControls = Pool.Modules.Cards.Contracts.CardControls;
using ContractCardStatus = Pool.Modules.Cards.Contracts.CardStatus;

namespace Pool.Modules.Authorization.Engine;

/// <summary>Cards' contract values in the engine's terms (both status enums pin the same numbers).</summary>
internal static class CardMapping
{
    public static EngineCardStatus Status(ContractCardStatus status) => (EngineCardStatus)(byte)status;

    public static EngineCardControls Controls(ContractCardControls controls)
    {
        var mapped = new EngineCardControls
        {
            PerTransactionLimitMinor = controls.PerTransactionLimit ?? EngineCardControls.Unlimited,
            DailyLimitMinor = controls.DailyLimit ?? EngineCardControls.Unlimited,
            MonthlyLimitMinor = controls.MonthlyLimit ?? EngineCardControls.Unlimited,
            DailyCountMax = controls.DailyCount ?? EngineCardControls.UnlimitedCount,
            AllowEcommerce = controls.AllowEcommerce,
            AllowInternational = controls.AllowInternational,
            AllowCash = controls.AllowCash,
        };
        var mccs = controls.BlockedMccs.Select(m => short.Parse(m, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        mapped.SetBlockedMccs(mccs);
        return mapped;
    }

    /// <summary>DE14-style YYMM as a number.</summary>
    public static short Expiry(string yymm) => short.Parse(yymm, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The engine's card key: the first 16 bytes of the PAN token, little-endian (as <c>AuthorizationRequest.CardKey</c>).</summary>
    public static UInt128 CardKey(ReadOnlySpan<byte> panToken) => BinaryPrimitives.ReadUInt128LittleEndian(panToken);
}
