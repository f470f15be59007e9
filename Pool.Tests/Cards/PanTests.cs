using Microsoft.Extensions.Time.Testing;
using Pool.Modules.Cards.Domain;

namespace Pool.Tests.Cards;

/// <summary>PAN making (BIN + random digits + Luhn check digit) and expiry.</summary>
public sealed class PanTests
{
    // Known Luhn-valid numbers: the spec's example card, the classic Luhn example, a Visa test PAN.
    [TestCase("4242424242424242", true)]
    [TestCase("79927398713", true)]
    [TestCase("4111111111111111", true)]
    // One digit off, and not digits at all.
    [TestCase("4242424242424241", false)]
    [TestCase("79927398710", false)]
    [TestCase("42424242424242a2", false)]
    [TestCase("", false)]
    public void Luhn_RecognisesValidNumbers(string number, bool valid) =>
        Assert.That(Luhn.IsValid(number), Is.EqualTo(valid));

    [TestCase("424242")]
    [TestCase("5555555")]
    [TestCase("12345678")]
    public void GeneratedPan_Is16LuhnValidDigitsUnderTheBin(string bin)
    {
        for (var i = 0; i < 1_000; i++)
        {
            var pan = Pan.Generate(bin);
            Assert.That(pan, Has.Length.EqualTo(16));
            Assert.That(pan, Does.StartWith(bin));
            Assert.That(Luhn.IsValid(pan), Is.True, "check digit");
        }
    }

    [Test]
    public void GeneratedPans_AreRandom()
    {
        var pans = Enumerable.Range(0, 1_000).Select(_ => Pan.Generate("424242")).ToHashSet();
        Assert.That(pans, Has.Count.EqualTo(1_000));
    }

    [Test]
    public void BinAndLast4_AreTheFirstSixAndLastFourDigits()
    {
        Assert.That(Pan.Bin("4242421234567890"), Is.EqualTo("424242"));
        Assert.That(Pan.Last4("4242421234567890"), Is.EqualTo("7890"));
    }

    [TestCase("2026-11-25T07:00:00Z", 5, "3111")]
    [TestCase("2026-01-01T00:00:00Z", 5, "3101")]
    [TestCase("2026-12-31T23:59:59Z", 3, "2912")]
    [TestCase("2028-02-29T12:00:00Z", 1, "2902")]
    public void Expiry_IsTheIssueMonthYearsLater(string issuedAt, int years, string expiry)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(issuedAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(Expiry.From(time.GetUtcNow(), years), Is.EqualTo(expiry));
    }

    [TestCase("2812", true)]
    [TestCase("2800", false)]
    [TestCase("2813", false)]
    [TestCase("281", false)]
    [TestCase("28x2", false)]
    public void Expiry_IsYymmWithARealMonth(string value, bool wellFormed) =>
        Assert.That(Expiry.IsWellFormed(value), Is.EqualTo(wellFormed));
}
