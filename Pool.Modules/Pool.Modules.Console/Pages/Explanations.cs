using System.Text.Json;
using Pool.Modules.Console.Rendering;
using static Pool.Modules.Console.Rendering.Html;

namespace Pool.Modules.Console.Pages;

/// <summary>An authorization's decision in words, from its response code (link spec §6) and what the API shows now.</summary>
internal static class Explanations
{
    public static string Short(string code) => code switch
    {
        "00" => "approved",
        "05" => "do not honor",
        "10" => "partial approval",
        "12" => "invalid transaction",
        "13" => "invalid amount",
        "14" => "invalid card number",
        "25" => "original not found",
        "30" => "format error",
        "41" => "lost card",
        "43" => "stolen card",
        "51" => "insufficient funds",
        "54" => "expired card",
        "57" => "not permitted by a card control",
        "61" => "exceeds an amount limit",
        "62" => "restricted card",
        "65" => "exceeds the daily count",
        "91" => "issuer unavailable",
        "96" => "system malfunction",
        _ => "code " + code,
    };

    public static string Status(string status) => status switch
    {
        "approved" => "the hold is in place, waiting for clearing",
        "declined" => "nothing was held",
        "reversed" => "the network reversed it; the hold was released",
        "partially-reversed" => "the network reversed part of it; the rest is held",
        "cleared" => "the clearing file confirmed it; the purchase is posted",
        "expired" => "no clearing came in time; the hold expired and was released",
        _ => status,
    };

    /// <summary>
    /// For example "declined 51: ¥9,000 requested, ¥8,800 available": the available balance is the one the decision was
    /// taken against (the API's <c>availableAtDecision</c>), not today's.
    /// </summary>
    public static string Explain(JsonElement authorization, JsonElement card)
    {
        var code = authorization.Text("responseCode");
        var requested = Yen(authorization.Number("billingAmount") ?? authorization.Number("amount"));
        var available = authorization.Number("availableAtDecision") is { } a ? Yen(a) + " available" : "the balance then was not recorded";
        var controls = card.Field("controls");
        return code switch
        {
            "00" when authorization.Text("mti") is "0400" or "0420" => $"reversal accepted 00: {requested} given back ({available} before it)",
            "00" when authorization.Text("mti") == "0120" => $"advice recorded 00: the network decided {requested} ({available} before it)",
            "00" => $"approved 00: {requested} held, {available} before it (approval code {authorization.Text("approvalCode")})",
            "10" => $"partially approved 10: {requested} requested, {available}; the available amount was approved",
            "51" => $"declined 51: {requested} requested, {available}",
            "62" => $"declined 62: the card was restricted (frozen or closed) when {requested} was requested; it is {card.Text("status")} now",
            "41" => $"declined 41: the card is reported lost; {requested} requested",
            "43" => $"declined 43: the card is reported stolen; {requested} requested",
            "54" => "declined 54: the card has expired, or the expiry sent is not the card's",
            "14" => "declined 14: no card of ours has this number (or its check digit is wrong)",
            "57" => $"declined 57: a card control refuses MCC {authorization.Text("mcc")} or this channel or country (blocked MCCs: {string.Join(", ", controls.Items("blockedMccs").Select(m => m.ToString()))}; e-commerce {OnOff(controls.Flag("allowEcommerce"))}, international {OnOff(controls.Flag("allowInternational"))}, cash {OnOff(controls.Flag("allowCash"))})",
            "61" => $"declined 61: {requested} exceeds a limit (per transaction {Limit(controls.Number("perTransactionLimit"))}, daily {Limit(controls.Number("dailyLimit"))}, monthly {Limit(controls.Number("monthlyLimit"))})",
            "65" => $"declined 65: more than {controls.Number("dailyCount")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the allowed number of"} authorizations today",
            "91" => "declined 91: Pool could not decide or record the decision in time; the network may retry",
            _ => $"declined {code}: {Short(code)}; {requested} requested",
        };
    }

    /// <summary>A null limit is none (admin-api.md §3).</summary>
    private static string Limit(long? yen) => yen is null ? "none" : Yen(yen);

    private static string OnOff(bool? flag) => flag switch
    {
        true => "allowed",
        false => "blocked",
        null => "unknown",
    };
}
