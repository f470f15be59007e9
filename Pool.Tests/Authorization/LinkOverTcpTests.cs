using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Authorization;

/// <summary>
/// Link spec §4–§9 end to end over TCP against a whole host (real PostgreSQL journal): one row per rule,
/// all on one shared host and spread over several connections that stay open, each answer matched to its
/// request by MTI and STAN (so answers may come in any order).
/// </summary>
[TestFixture]
public sealed class LinkOverTcpTests
{
    private const int ConnectionCount = 4;
    private static int _stan = 100_000;
    private readonly Dictionary<string, TestCard> _cards = [];
    private readonly List<LinkConnection> _connections = [];
    private EngineHostHarness _harness = null!;
    private int _nextConnection;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _harness = await EngineHostHarness.StartOnNewDatabaseAsync(nameof(LinkOverTcpTests));
        _cards["active"] = await _harness.NewCardAsync(depositMinor: 100_000);
        _cards["small"] = await _harness.NewCardAsync(depositMinor: 1_000);
        foreach (var status in new[] { "lost", "stolen", "frozen" })
        {
            _cards[status] = await _harness.NewCardAsync(depositMinor: 10_000);
            using var changed = await _harness.Host.Operator().PutAsJsonAsync($"/api/cards/{_cards[status].CardId}/status", new { status });
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        _cards["controlled"] = await _harness.NewCardAsync(depositMinor: 100_000);
        await SetControlsAsync(_cards["controlled"], perTransactionLimit: 50_000, dailyCount: null, blockedMcc: "7995", allowInternational: false);
        _cards["counted"] = await _harness.NewCardAsync(depositMinor: 100_000);
        await SetControlsAsync(_cards["counted"], perTransactionLimit: null, dailyCount: 1, blockedMcc: null, allowInternational: true);
        for (var i = 0; i < ConnectionCount; i++)
        {
            _connections.Add(await LinkConnection.OpenAsync(_harness.LinkEndPoint));
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await _harness.DisposeAsync();
    }

    private async Task SetControlsAsync(TestCard card, long? perTransactionLimit, int? dailyCount, string? blockedMcc, bool allowInternational)
    {
        using var response = await _harness.Host.Operator().PutAsJsonAsync($"/api/cards/{card.CardId}/controls", new
        {
            perTransactionLimit, dailyLimit = (long?)null, monthlyLimit = (long?)null, dailyCount,
            blockedMccs = blockedMcc is null ? Array.Empty<string>() : new[] { blockedMcc },
            allowEcommerce = true, allowInternational, allowCash = true,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private LinkConnection Connection => _connections[Interlocked.Increment(ref _nextConnection) % ConnectionCount];

    private static string Stan() => (Interlocked.Increment(ref _stan) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private static string Amount(long minor) => minor.ToString("D12", CultureInfo.InvariantCulture);

    private SpecMessage Purchase(string card, long amountMinor) => SpecMessage.ExamplePurchase()
        .With(2, _cards[card].Pan).With(14, _cards[card].Expiry).With(4, Amount(amountMinor)).With(11, Stan());

    /// <summary>A reversal of <paramref name="original"/> (spec §8 DE90), full or down to <paramref name="remainingMinor"/>.</summary>
    private static SpecMessage Reversal(SpecMessage original, int mti = 400, long? remainingMinor = null)
    {
        var de90 = "0100" + original[11] + original[7] + original[32].PadLeft(11, '0') + new string('0', 11);
        var reversal = new SpecMessage(mti, new Dictionary<int, string>
        {
            [2] = original[2], [3] = original[3], [4] = original[4], [7] = "1124121000", [11] = Stan(), [32] = original[32],
            [37] = original[37], [49] = original[49], [90] = de90,
        });
        return remainingMinor is { } remaining ? reversal.With(95, Amount(remaining) + new string('0', 30)) : reversal;
    }

    // ---- §4 network management ----

    [TestCase("001", TestName = "§4 0800 sign-on is answered 0810 00")]
    [TestCase("002", TestName = "§4 0800 sign-off is answered 0810 00")]
    [TestCase("301", TestName = "§4 0800 echo test is answered 0810 00")]
    public async Task NetworkManagement(string code)
    {
        var answer = await Connection.ExchangeAsync(new SpecMessage(800, new Dictionary<int, string> { [7] = "1124120600", [11] = Stan(), [70] = code }));

        Assert.That((answer.Mti, answer[39], answer[70]), Is.EqualTo((810, "00", code)));
    }

    // ---- §5–§6 decisions: one row per response code ----

    [TestCase("active", 1_200, null, "00", TestName = "§6 00 approved, with DE38 and DE54")]
    [TestCase("active", 99_999_999, null, "51", TestName = "§6 51 insufficient funds")]
    [TestCase("small", 5_000, "PA=Y", "10", TestName = "§6 10 partial approval when DE48 has PA=Y")]
    [TestCase("active", 0, null, "13", TestName = "§6 13 zero amount")]
    [TestCase("lost", 100, null, "41", TestName = "§6 41 lost card")]
    [TestCase("stolen", 100, null, "43", TestName = "§6 43 stolen card")]
    [TestCase("frozen", 100, null, "62", TestName = "§6 62 frozen card")]
    [TestCase("controlled", 60_000, null, "61", TestName = "§6 61 above the per-transaction limit")]
    public async Task Decision(string card, long amountMinor, string? de48, string expected)
    {
        var request = Purchase(card, amountMinor);
        if (de48 is not null)
        {
            request = request.With(48, de48);
        }

        var answer = await Connection.ExchangeAsync(request);

        Assert.That((answer.Mti, answer[39]), Is.EqualTo((110, expected)));
        Assert.That(answer[11], Is.EqualTo(request[11]));
        var approved = expected is "00" or "10";
        Assert.That((answer.Has(38), answer.Has(54)), Is.EqualTo((approved, approved)), "DE38 and DE54 with every approval only");
        if (expected == "10")
        {
            Assert.That(answer[4], Is.EqualTo(Amount(1_000)), "DE4 holds the approved amount: the whole available balance");
        }
    }

    [Test(Description = "§6 12 unsupported processing code")]
    public async Task UnsupportedProcessingCode_Is12() =>
        Assert.That((await Connection.ExchangeAsync(Purchase("active", 100).With(3, "400000")))[39], Is.EqualTo("12"));

    [Test(Description = "§6 14 unknown PAN")]
    public async Task UnknownPan_Is14() =>
        Assert.That((await Connection.ExchangeAsync(Purchase("active", 100).With(2, "4000000000000002")))[39], Is.EqualTo("14"));

    [Test(Description = "§6 14 PAN failing the Luhn check")]
    public async Task BadLuhn_Is14()
    {
        var pan = _cards["active"].Pan;
        var wrong = pan[..^1] + (char)('0' + ((pan[^1] - '0' + 1) % 10));
        Assert.That((await Connection.ExchangeAsync(Purchase("active", 100).With(2, wrong)))[39], Is.EqualTo("14"));
    }

    [Test(Description = "§6 54 DE14 not the card's expiry")]
    public async Task WrongExpiry_Is54() =>
        Assert.That((await Connection.ExchangeAsync(Purchase("active", 100).With(14, "2001")))[39], Is.EqualTo("54"));

    [Test(Description = "§6 57 blocked MCC and international not allowed")]
    public async Task Controls_Are57()
    {
        Assert.That((await Connection.ExchangeAsync(Purchase("controlled", 100).With(18, "7995")))[39], Is.EqualTo("57"));
        Assert.That((await Connection.ExchangeAsync(Purchase("controlled", 100).With(19, "840")))[39], Is.EqualTo("57"));
    }

    [Test(Description = "§6 65 daily count reached")]
    public async Task DailyCount_Is65()
    {
        var first = await Connection.ExchangeAsync(Purchase("counted", 100));
        var second = await Connection.ExchangeAsync(Purchase("counted", 100));

        Assert.That((first[39], second[39]), Is.EqualTo(("00", "65")));
    }

    [Test(Description = "§5 30 balance inquiry: approved with DE54, nothing held")]
    public async Task BalanceInquiry_CarriesDe54()
    {
        var answer = await Connection.ExchangeAsync(Purchase("active", 0).With(3, "300000"));

        Assert.That((answer[39], answer.Has(54)), Is.EqualTo(("00", true)));
    }

    // ---- §7–§8 advices, reversals, retransmissions ----

    [Test(Description = "§8 retransmission gets the earlier answer, same approval code")]
    public async Task Retransmission_GetsTheEarlierAnswer()
    {
        var request = Purchase("active", 300);
        var first = await Connection.ExchangeAsync(request);
        var again = await Connection.ExchangeAsync(new SpecMessage(101, request.Fields));

        Assert.That((again.Mti, again[39], again[38]), Is.EqualTo((110, first[39], first[38])));
    }

    [TestCase(null, TestName = "§8 0400 full reversal of an approval is 0410 00")]
    [TestCase(200L, TestName = "§8 0400 partial reversal (DE95) is 0410 00")]
    public async Task Reversal_OfAnApproval_Is00(long? remainingMinor)
    {
        var original = Purchase("active", 700);
        Assert.That((await Connection.ExchangeAsync(original))[39], Is.EqualTo("00"));

        var answer = await Connection.ExchangeAsync(Reversal(original, remainingMinor: remainingMinor));

        Assert.That((answer.Mti, answer[39], answer[90]), Is.EqualTo((410, "00", Reversal(original)[90])));
    }

    [Test(Description = "§8 0400 of an unknown original is 0410 25")]
    public async Task Reversal_OfUnknownOriginal_Is25()
    {
        var answer = await Connection.ExchangeAsync(Reversal(Purchase("active", 700)));

        Assert.That((answer.Mti, answer[39]), Is.EqualTo((410, "25")));
    }

    [Test(Description = "§7 0420 reversal advice for a late answer is acknowledged 0430 00")]
    public async Task ReversalAdvice_Is0430()
    {
        var original = Purchase("active", 400);
        await Connection.ExchangeAsync(original);

        var answer = await Connection.ExchangeAsync(Reversal(original, mti: 420).With(39, "68"));

        Assert.That((answer.Mti, answer[39]), Is.EqualTo((430, "00")));
    }

    [Test(Description = "§7 0120 advice of a stand-in approval is acknowledged 0130 00")]
    public async Task Advice_Is0130()
    {
        var advice = new SpecMessage(120, Purchase("active", 500).Fields).With(38, "NET001").With(39, "00");

        var answer = await Connection.ExchangeAsync(advice);

        Assert.That((answer.Mti, answer[39]), Is.EqualTo((130, "00")));
    }

    // ---- §9 malformed input ----

    [Test(Description = "§9 MTI and DE11 readable but a field malformed: answered 30")]
    public async Task MalformedField_Is30()
    {
        var answer = await Connection.ExchangeAsync(Purchase("active", 100).With(4, "00000000120X"));

        Assert.That((answer.Mti, answer[39]), Is.EqualTo((110, "30")));
    }

    [Test(Description = "§9 request MTI 0200 is answered 0210 12")]
    public async Task UndefinedRequestMti_Is12()
    {
        var answer = await Connection.ExchangeAsync(new SpecMessage(200, Purchase("active", 100).Fields));

        Assert.That((answer.Mti, answer[39]), Is.EqualTo((210, "12")));
    }

    [Test(Description = "§9 MTI unreadable: dropped, the connection stays open and serves")]
    public async Task UnreadableMti_IsDropped_AndTheConnectionServesOn()
    {
        var connection = Connection;
        await connection.SendRawAsync([0x00, 0x05, (byte)'X', (byte)'Y', (byte)'Z', 0x01, 0x02]);

        Assert.That((await connection.ExchangeAsync(Purchase("active", 100)))[39], Is.EqualTo("00"));
        Assert.That(connection.IsClosed, Is.False);
    }

    [Test(Description = "§9 an unsolicited answer MTI (0110) is dropped")]
    public async Task UnsolicitedAnswer_IsDropped_AndTheNextRequestIsAnswered()
    {
        var connection = Connection;
        var stan = Stan();
        await connection.SendRawAsync(new SpecMessage(110, new Dictionary<int, string> { [7] = "1124120000", [11] = stan, [39] = "00" }).ToFrame());

        Assert.That((await connection.ExchangeAsync(Purchase("active", 100)))[39], Is.EqualTo("00"));
        Assert.That(connection.Unmatched, Is.Zero, "nothing was answered to the 0110");
    }

    [Test(Description = "§9 an oversize frame closes only its own connection")]
    public async Task OversizeFrame_ClosesOnlyItsConnection()
    {
        await using var victim = await LinkConnection.OpenAsync(_harness.LinkEndPoint);
        await victim.SendRawAsync([0xFF, 0xFF, (byte)'0', (byte)'1']);

        await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(victim.IsClosed), "the oversize frame's connection to close");
        Assert.That((await Connection.ExchangeAsync(Purchase("active", 100)))[39], Is.EqualTo("00"), "others are served");
    }

    [Test(Description = "§9 a stalled half frame blocks nobody")]
    public async Task StalledHalfFrame_BlocksNobody()
    {
        await using var stalled = await LinkConnection.OpenAsync(_harness.LinkEndPoint);
        await stalled.SendRawAsync([0x00, 0x64, (byte)'0', (byte)'1', (byte)'0', (byte)'0']);

        Assert.That((await Connection.ExchangeAsync(Purchase("active", 100)))[39], Is.EqualTo("00"));
        Assert.That(stalled.IsClosed, Is.False, "a half frame just waits for the rest");
    }

    // ---- §1 pipelining over several connections ----

    [Test(Description = "§1 hundreds of requests pipelined over every connection at once, each answer matched by its STAN")]
    public async Task Pipelined_OverSeveralConnections_AllAnswered()
    {
        var requests = Enumerable.Range(0, 400).Select(_ => Purchase("active", 1)).ToList();

        var answers = await Task.WhenAll(requests.Select((request, i) => _connections[i % ConnectionCount].ExchangeAsync(request, timeoutMs: 30_000)));

        Assert.That(answers.Select(a => a[11]), Is.EqualTo(requests.Select(r => r[11])));
        Assert.That(answers.Select(a => a[39]).Distinct(), Is.EqualTo(new[] { "00" }));
    }

    /// <summary>One TCP connection to the link: writes take turns, a reader task hands each answer to the request with its MTI and STAN.</summary>
    private sealed class LinkConnection : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly NetworkStream _stream;
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly ConcurrentDictionary<string, TaskCompletionSource<SpecMessage>> _waiting = new();
        private readonly Task _reader;

        private LinkConnection(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
            _reader = Task.Run(ReadAsync);
        }

        public bool IsClosed => _reader.IsCompleted;

        /// <summary>Answers that matched no request (Pool's idle echo would count here; tests run well inside its interval).</summary>
        public int Unmatched;

        public static async Task<LinkConnection> OpenAsync(IPEndPoint endPoint)
        {
            var client = new TcpClient();
            await client.ConnectAsync(endPoint);
            return new LinkConnection(client);
        }

        public async Task<SpecMessage> ExchangeAsync(SpecMessage request, int timeoutMs = 10_000)
        {
            var waiter = new TaskCompletionSource<SpecMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            // A repeat MTI (0101, 0121, 0401, 0421) is answered with its original's response MTI (spec §8).
            var answerMti = request.Mti - (request.Mti % 2) + 10;
            Assert.That(_waiting.TryAdd($"{answerMti}:{request[11]}", waiter), Is.True, "one request per MTI and STAN in flight");
            await SendRawAsync(request.ToFrame());
            return await waiter.Task.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));
        }

        public async Task SendRawAsync(byte[] bytes)
        {
            await _writeLock.WaitAsync();
            try
            {
                await _stream.WriteAsync(bytes);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        private async Task ReadAsync()
        {
            var header = new byte[2];
            try
            {
                while (true)
                {
                    await _stream.ReadExactlyAsync(header);
                    var body = new byte[(header[0] << 8) | header[1]];
                    await _stream.ReadExactlyAsync(body);
                    var answer = SpecMessage.Parse(body);
                    if (answer.Has(11) && _waiting.TryRemove($"{answer.Mti}:{answer[11]}", out var waiter))
                    {
                        waiter.TrySetResult(answer);
                    }
                    else
                    {
                        Interlocked.Increment(ref Unmatched);
                    }
                }
            }
            catch (Exception exception) when (exception is EndOfStreamException or IOException or ObjectDisposedException)
            {
                // Closed by Pool (oversize frame) or by us.
            }
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _reader;
            _writeLock.Dispose();
        }
    }
}
