using System.Text.Json;
using Pool.Modules.Console.Pages;
using Pool.Modules.Console.Rendering;

namespace Pool.Tests.Console;

/// <summary>What the console's pages say: decisions in words, yen, Tokyo times with UTC on hover, the status buttons the spec allows, and encoding.</summary>
[TestFixture]
public sealed class ConsoleRenderingTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Test]
    public void Declined51_SaysWhatWasRequested_AndWhatWasAvailableAtTheDecision()
    {
        var authorization = Json("""{ "responseCode": "51", "amount": 9000, "currency": "392", "billingAmount": 9000, "availableAtDecision": 8800 }""");

        Assert.That(Explanations.Explain(authorization, default), Is.EqualTo("declined 51: ¥9,000 requested, ¥8,800 available"));
    }

    [Test]
    public void Declined51_WithoutASnapshot_SaysSo()
    {
        var authorization = Json("""{ "responseCode": "51", "amount": 9000, "currency": "392", "availableAtDecision": null }""");

        Assert.That(Explanations.Explain(authorization, default), Is.EqualTo("declined 51: ¥9,000 requested, the balance then was not recorded"));
    }

    [Test]
    public void Declined61_NamesTheCardsLimits()
    {
        var authorization = Json("""{ "responseCode": "61", "amount": 50000, "currency": "392" }""");
        var card = Json("""{ "status": "active", "controls": { "perTransactionLimit": 30000, "dailyLimit": null, "monthlyLimit": 100000 } }""");

        Assert.That(Explanations.Explain(authorization, card), Is.EqualTo("declined 61: ¥50,000 exceeds a limit (per transaction ¥30,000, daily none, monthly ¥100,000)"));
    }

    [Test]
    public void Approved_SaysWhatIsHeld_AndTheApprovalCode()
    {
        var authorization = Json("""{ "responseCode": "00", "mti": "0100", "amount": 1200, "currency": "392", "approvalCode": "A1B2C3", "availableAtDecision": 10000 }""");

        Assert.That(Explanations.Explain(authorization, default), Is.EqualTo("approved 00: ¥1,200 held, ¥10,000 available before it (approval code A1B2C3)"));
    }

    [TestCase(1200L, "¥1,200")]
    [TestCase(0L, "¥0")]
    [TestCase(-350L, "−¥350")]
    [TestCase(999_999_999_999L, "¥999,999,999,999")]
    [TestCase(null, "—")]
    public void Yen_HasNoMinorUnit_AndGroupsThousands(long? amount, string expected) =>
        Assert.That(Html.Yen(amount), Is.EqualTo(expected));

    [Test]
    public void Time_IsTokyo_WithTheUtcValueOnHover()
    {
        var html = Html.Time(new DateTimeOffset(2026, 11, 25, 15, 30, 0, TimeSpan.Zero));

        Assert.That(html, Does.Contain(">2026-11-26 00:30:00 JST<").And.Contain("title=\"2026-11-25 15:30:00 UTC\""));
    }

    [Test]
    public void Encode_TurnsMarkupIntoText()
    {
        Assert.That(Html.E("<script>alert(1)</script>"), Does.Not.Contain("<script>"));
        Assert.That(Html.Card("424242\"><b>", "4242"), Does.Not.Contain("\">"));
    }

    /// <summary>admin-api.md §3: active ↔ frozen; active or frozen → lost or stolen; lost ↔ stolen; any → closed; lost, stolen and closed never return to active.</summary>
    [TestCase("active", new[] { "frozen", "lost", "stolen", "closed" })]
    [TestCase("frozen", new[] { "active", "lost", "stolen", "closed" })]
    [TestCase("lost", new[] { "stolen", "closed" })]
    [TestCase("stolen", new[] { "lost", "closed" })]
    [TestCase("closed", new string[0])]
    public void StatusButtons_AreTheSpecsTransitions(string from, string[] offered) =>
        Assert.That(CardPages.AllowedFrom(from), Is.EquivalentTo(offered));
}
