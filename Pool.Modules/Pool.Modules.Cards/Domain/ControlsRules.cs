using Pool.Modules.Cards.Api;
using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Cards.Domain;

/// <summary>Checks card controls before they are stored; every error is keyed by its JSON field name.</summary>
internal static class ControlsRules
{
    /// <summary>
    /// Largest amount limit, in yen: DE4 is twelve digits (authorization-link.md §3), so no single
    /// request, and no limit worth setting, can be larger.
    /// </summary>
    public const long LimitMax = 999_999_999_999;

    /// <summary>
    /// Most approvals per day a count may allow. No person pays 10,000 times a day (one every
    /// 8.6 seconds around the clock); a larger number is a typo, not a policy.
    /// </summary>
    public const int DailyCountMax = 10_000;

    /// <summary>
    /// Most blocked MCCs per card. The categories back offices block (gambling, cash, quasi-cash,
    /// dating, crypto…) are a few dozen codes; 32 is the engine's fixed per-card table (CardControls.BlockedMccsMax), so every accepted set fits it.
    /// </summary>
    public const int BlockedMccsMax = 32;

    /// <summary>Digits of an MCC (ISO 18245).</summary>
    public const int MccDigits = 4;

    public static bool TryValidate(ControlsRequest request, out CardControls controls, out Dictionary<string, string[]> errors)
    {
        errors = [];
        CheckLimit(request.PerTransactionLimit, "perTransactionLimit", errors);
        CheckLimit(request.DailyLimit, "dailyLimit", errors);
        CheckLimit(request.MonthlyLimit, "monthlyLimit", errors);
        if (request.DailyCount is < 1 or > DailyCountMax)
        {
            errors["dailyCount"] = [$"dailyCount must be null (no limit) or between 1 and {DailyCountMax}."];
        }

        var mccs = CheckMccs(request.BlockedMccs, errors);
        CheckRequired(request.AllowEcommerce, "allowEcommerce", errors);
        CheckRequired(request.AllowInternational, "allowInternational", errors);
        CheckRequired(request.AllowCash, "allowCash", errors);

        controls = errors.Count == 0
            ? new CardControls(
                request.PerTransactionLimit,
                request.DailyLimit,
                request.MonthlyLimit,
                request.DailyCount,
                mccs,
                request.AllowEcommerce!.Value,
                request.AllowInternational!.Value,
                request.AllowCash!.Value)
            : CardControls.Default;
        return errors.Count == 0;
    }

    private static void CheckLimit(long? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is < 1 or > LimitMax)
        {
            errors[field] = [$"{field} must be null (no limit) or between 1 and {LimitMax} yen."];
        }
    }

    private static void CheckRequired(bool? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            errors[field] = [$"{field} is required (true or false)."];
        }
    }

    /// <summary>A missing or null list means none blocked; otherwise each entry is four digits, once.</summary>
    private static List<string> CheckMccs(IReadOnlyList<string?>? mccs, Dictionary<string, string[]> errors)
    {
        var accepted = new List<string>();
        if (mccs is null)
        {
            return accepted;
        }

        if (mccs.Count > BlockedMccsMax)
        {
            errors["blockedMccs"] = [$"blockedMccs may hold at most {BlockedMccsMax} codes."];
            return accepted;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mccs.Count; i++)
        {
            var mcc = mccs[i];
            var field = $"blockedMccs[{i}]";
            if (mcc is not { Length: MccDigits } || mcc.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                errors[field] = ["An MCC is exactly four digits, e.g. \"7995\"."];
            }
            else if (!seen.Add(mcc))
            {
                errors[field] = [$"MCC {mcc} is listed twice."];
            }
            else
            {
                accepted.Add(mcc);
            }
        }

        return accepted;
    }
}
