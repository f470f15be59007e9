using Pool.Tests.Infrastructure;

namespace Pool.Tests.Link;

/// <summary>The byte-exact examples of examples/link-messages.md, sent through a link session to a real engine.</summary>
[TestFixture]
public sealed class LinkExampleTests
{
    [Test]
    public async Task ExamplePurchase_IsAnsweredWithTheExample0110_ByteForByte_ButItsApprovalCode()
    {
        await using var link = new LinkHarness();
        var expected = SpecExamples.Frame("0110 approval of it")[2..];

        await link.SendAsync(SpecExamples.Frame("0100 purchase"));
        var answer = await link.ReceiveFrameAsync();

        // DE38 is Pool's own approval code; everything else, bitmap included, is the example's.
        var parsed = SpecMessage.Parse(answer);
        Assert.That(parsed[38], Does.Match("^[0-9A-Z]{6}$"));
        var withExampleCode = SpecMessage.Parse(answer).With(38, "A1B2C3").ToBytes();
        Assert.That(Convert.ToHexString(withExampleCode), Is.EqualTo(Convert.ToHexString(expected)));
    }

    [Test]
    public async Task ExampleEcho_IsAnsweredWithTheExample0810_ByteForByte()
    {
        await using var link = new LinkHarness();

        await link.SendAsync(SpecExamples.Frame("0800 echo test"));
        var answer = await link.ReceiveFrameAsync();

        Assert.That(Convert.ToHexString(answer), Is.EqualTo(Convert.ToHexString(SpecExamples.Frame("0810 answer to it")[2..])));
    }

    [Test]
    public async Task ExampleFullReversal_ReleasesTheHold()
    {
        await using var link = new LinkHarness();
        await link.SendAsync(SpecExamples.Frame("0100 purchase"));
        Assert.That(LinkHarness.Available(await link.ReceiveAsync()), Is.EqualTo(8_800));

        await link.SendAsync(SpecExamples.Frame("0400 full reversal"));
        var reversal = await link.ReceiveAsync();

        Assert.That(reversal.Mti, Is.EqualTo(410));
        Assert.That(reversal[39], Is.EqualTo("00"));
        Assert.That(reversal[90], Is.EqualTo("010000012311241200000000012345600000000000"));
        var inquiry = await link.ExchangeAsync(LinkHarness.BalanceInquiry("000200"));
        Assert.That(LinkHarness.Available(inquiry), Is.EqualTo(10_000));
    }

    [Test]
    public async Task ExamplePartialReversal_ReducesTheHoldTo500()
    {
        await using var link = new LinkHarness();
        await link.SendAsync(SpecExamples.Frame("0100 purchase"));
        await link.ReceiveAsync();

        await link.SendAsync(SpecExamples.Frame("0400 partial reversal"));
        var reversal = await link.ReceiveAsync();

        Assert.That(reversal[39], Is.EqualTo("00"));
        var inquiry = await link.ExchangeAsync(LinkHarness.BalanceInquiry("000201"));
        Assert.That(LinkHarness.Available(inquiry), Is.EqualTo(9_500));
    }

    [Test]
    public async Task ExampleForeignCurrency_IsDecidedOnDe6_AndEchoesTheBillingFields()
    {
        await using var link = new LinkHarness();

        await link.SendAsync(SpecExamples.Frame("0100 in US dollars"));
        var answer = await link.ReceiveAsync();

        Assert.That(answer[39], Is.EqualTo("00"));
        Assert.That(answer[4], Is.EqualTo("000000001000"));
        Assert.That(answer[6], Is.EqualTo("000000001500"));
        Assert.That(answer[10], Is.EqualTo("61000000"));
        Assert.That(answer[49], Is.EqualTo("840"));
        Assert.That(answer[51], Is.EqualTo("392"));
        Assert.That(LinkHarness.Available(answer), Is.EqualTo(8_500), "10,000 less the 1,500 JPY of DE6");
    }

    [Test]
    public async Task ExampleMalformed_IsAnswered30_WithItsStan_AndHoldsNothing()
    {
        await using var link = new LinkHarness();

        await link.SendAsync(SpecExamples.Frame("Malformed"));
        var answer = await link.ReceiveAsync();

        Assert.That(answer.Mti, Is.EqualTo(110));
        Assert.That(answer[39], Is.EqualTo("30"));
        Assert.That(answer[11], Is.EqualTo("000123"));
        Assert.That(answer.Has(38), Is.False);
        var inquiry = await link.ExchangeAsync(LinkHarness.BalanceInquiry("000202"));
        Assert.That(LinkHarness.Available(inquiry), Is.EqualTo(10_000));
    }
}
