using System.Buffers.Binary;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Link;

/// <summary>Link spec §1 (framing, pipelining), §4 (network management) and §9 (malformed input) on one session.</summary>
[TestFixture]
public sealed class LinkBehaviourTests
{
    private static SpecMessage Purchase(int stan, long amount = 100) => SpecMessage.ExamplePurchase()
        .With(11, stan.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
        .With(4, amount.ToString("D12", System.Globalization.CultureInfo.InvariantCulture));

    [TestCase("001")] // sign-on
    [TestCase("002")] // sign-off
    [TestCase("301")] // echo test
    public async Task NetworkManagement_IsAnswered0810With00_EchoingDe7De11De70(string code)
    {
        await using var link = new LinkHarness();

        var answer = await link.ExchangeAsync(new SpecMessage(800, new Dictionary<int, string> { [7] = "1124120600", [11] = "000901", [70] = code }));

        Assert.That(answer.Mti, Is.EqualTo(810));
        Assert.That(answer[39], Is.EqualTo("00"));
        Assert.That(answer[70], Is.EqualTo(code));
        Assert.That(answer[11], Is.EqualTo("000901"));
        Assert.That(answer[7], Is.EqualTo("1124120600"));
    }

    [Test]
    public async Task UndefinedRequestMti_0200_IsAnswered0210With12()
    {
        await using var link = new LinkHarness();
        var request = new SpecMessage(200, SpecMessage.ExamplePurchase().Fields);

        var answer = await link.ExchangeAsync(request);

        Assert.That(answer.Mti, Is.EqualTo(210));
        Assert.That(answer[39], Is.EqualTo("12"));
        Assert.That(answer[11], Is.EqualTo("000123"));
    }

    [Test]
    public async Task UnsolicitedAnswerMti_IsDropped_AndTheNextRequestIsAnswered()
    {
        await using var link = new LinkHarness();
        await link.SendAsync(new SpecMessage(110, new Dictionary<int, string> { [7] = "1124120000", [11] = "000555", [39] = "00" }));

        var answer = await link.ExchangeAsync(Purchase(556));

        Assert.That(answer[11], Is.EqualTo("000556"), "the unsolicited 0110 got no answer of its own");
    }

    [Test]
    public async Task UnreadableMti_IsDropped_AndTheConnectionStaysOpen()
    {
        await using var link = new LinkHarness();
        await link.SendAsync([0x00, 0x05, (byte)'X', (byte)'Y', (byte)'Z', 0x01, 0x02]);

        var answer = await link.ExchangeAsync(Purchase(557));

        Assert.That(answer[11], Is.EqualTo("000557"));
    }

    [Test]
    public async Task MissingMandatoryField_IsAnswered30()
    {
        await using var link = new LinkHarness();

        var answer = await link.ExchangeAsync(Purchase(558).Without(18));

        Assert.That(answer[39], Is.EqualTo("30"));
        Assert.That(answer.Has(38), Is.False);
    }

    [Test]
    public async Task BytesLeftOverAfterTheLastField_IsAnswered30()
    {
        await using var link = new LinkHarness();
        var body = Purchase(559).ToBytes().Concat("XX"u8.ToArray()).ToArray();
        var frame = new byte[body.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length);
        body.CopyTo(frame, 2);

        await link.SendAsync(frame);
        var answer = await link.ReceiveAsync();

        Assert.That(answer[39], Is.EqualTo("30"));
        Assert.That(answer[11], Is.EqualTo("000559"));
    }

    [Test]
    public async Task ZeroLengthFrames_AreSkipped()
    {
        await using var link = new LinkHarness();
        await link.SendAsync([0x00, 0x00, 0x00, 0x00]);

        var answer = await link.ExchangeAsync(Purchase(560));

        Assert.That(answer[11], Is.EqualTo("000560"));
    }

    [Test]
    public async Task FrameAboveTheMaximum_ClosesThatConnection()
    {
        await using var link = new LinkHarness(configure: options => options.FrameBytesMax = 512);

        await link.SendAsync([0x02, 0x01]);

        Assert.That(await link.ClosedByPoolAsync(), Is.True);
    }

    [Test]
    public async Task FrameSentByteByByte_IsAnswered()
    {
        await using var link = new LinkHarness();
        foreach (var b in Purchase(561).ToFrame())
        {
            await link.SendAsync([b]);
        }

        var answer = await link.ReceiveAsync();

        Assert.That(answer[11], Is.EqualTo("000561"));
        Assert.That(answer[39], Is.EqualTo("00"));
    }

    [Test]
    public async Task PipelinedRequests_AreAllAnswered_EachMatchedByItsStan()
    {
        await using var link = new LinkHarness();
        const int requests = 500;
        var frames = Enumerable.Range(1, requests).SelectMany(i => Purchase(i, 1).ToFrame()).ToArray();

        await link.SendAsync(frames);
        var stans = new HashSet<string>();
        for (var i = 0; i < requests; i++)
        {
            var answer = await link.ReceiveAsync();
            Assert.That(answer[39], Is.EqualTo("00"));
            stans.Add(answer[11]);
        }

        Assert.That(stans, Has.Count.EqualTo(requests));
        var inquiry = await link.ExchangeAsync(LinkHarness.BalanceInquiry("999999"));
        Assert.That(LinkHarness.Available(inquiry), Is.EqualTo(LinkHarness.Deposit - requests));
    }

    [Test]
    public async Task RequestsBeyondTheInFlightLimit_WaitUnread_UntilAnswersFreeTheirSlots()
    {
        var journal = new GatedJournal();
        await using var link = new LinkHarness(journal, options => options.InFlightPerConnectionMax = 4);

        try
        {
            await link.SendAsync(Enumerable.Range(1, 10).SelectMany(i => Purchase(i, 1).ToFrame()).ToArray());

            // Counted where the engine decides, not where the journal commits: the journal may take the first
            // decision alone and then wait at the gate with the others queued behind it.
            await WaitUntilAsync(() => Decided(link) >= 4);
            Assert.That(Decided(link), Is.EqualTo(4), "only as many requests as slots reached the engine");
            journal.Open();
            var answered = 0;
            for (var i = 0; i < 10; i++)
            {
                var answer = await link.ReceiveAsync();
                answered += answer[39] == "00" ? 1 : 0;
            }

            Assert.That(answered, Is.EqualTo(10));
        }
        finally
        {
            // A commit waiting at a closed gate never ends on the harness's fake clock, and the engine's disposal
            // waits for it: a failed assertion above must fail the test, not hang the run.
            journal.Open();
        }

        static long Decided(LinkHarness link) =>
            Enumerable.Range(0, link.EngineInstance.State.PartitionCount).Sum(p => link.EngineInstance.Partition(p).LastSequence);
    }

    [Test]
    public async Task StandbyInstance_Answers91()
    {
        await using var link = new LinkHarness(engineActive: false);

        var answer = await link.ExchangeAsync(Purchase(562));

        Assert.That(answer[39], Is.EqualTo("91"));
        Assert.That(answer.Has(38), Is.False);
    }

    [Test]
    public async Task RepeatMti_0101_IsAnsweredAs0110_WithTheEarlierAnswer()
    {
        await using var link = new LinkHarness();
        var first = await link.ExchangeAsync(Purchase(563, 700));

        var repeat = await link.ExchangeAsync(new SpecMessage(101, Purchase(563, 700).Fields));

        Assert.That(repeat.Mti, Is.EqualTo(110));
        Assert.That(repeat[38], Is.EqualTo(first[38]));
        var inquiry = await link.ExchangeAsync(LinkHarness.BalanceInquiry("000564"));
        Assert.That(LinkHarness.Available(inquiry), Is.EqualTo(LinkHarness.Deposit - 700), "held once");
    }

    [Test]
    public async Task IdleConnection_GetsOneEchoTest_PerIdleInterval()
    {
        await using var link = new LinkHarness(configure: options => options.IdleEchoSeconds = 30);

        link.Clock.Advance(TimeSpan.FromSeconds(31));
        var echo = await ReceiveWhileAdvancingAsync(link);

        Assert.That(echo.Mti, Is.EqualTo(800));
        Assert.That(echo[70], Is.EqualTo("301"));
        await link.SendAsync(new SpecMessage(810, new Dictionary<int, string> { [7] = echo[7], [11] = echo[11], [39] = "00", [70] = "301" }));
        var answer = await link.ExchangeAsync(Purchase(565));
        Assert.That(answer[11], Is.EqualTo("000565"), "no second echo came before the next answer");
    }

    private static async Task<SpecMessage> ReceiveWhileAdvancingAsync(LinkHarness link)
    {
        var receive = link.ReceiveAsync(timeoutMs: 10_000);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!receive.IsCompleted && DateTime.UtcNow < deadline)
        {
            link.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(receive, Task.Delay(20));
        }

        return await receive;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
