using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;
using Pool.Modules.Authorization.Link;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Link;

/// <summary>
/// One link session over in-memory pipes, in front of a real engine whose journal commits in memory:
/// the card of the spec's examples (4242424242424242, expiry 2812) on an account holding 10,000 yen,
/// and the clock at 2026-11-24 12:00 in Tokyo. Tests speak to it with <see cref="SpecMessage"/> frames.
/// </summary>
internal sealed class LinkHarness : IAsyncDisposable, IEngineAccess, IPanTokenizer
{
    public const string Pan = "4242424242424242";
    public const long Deposit = 10_000;
    public const long AccountId = 1000;
    public const long CardId = 1;

    private static readonly byte[] HashKey = SHA256.HashData("pool link tests"u8);

    private readonly Pipe _toPool = new();
    private readonly Pipe _fromPool = new();
    private readonly DefaultConnectionContext _connection;
    private readonly Task _session;

    public LinkHarness(IJournalCommitter? journal = null, Action<AuthorizationLinkOptions>? configure = null, bool engineActive = true)
    {
        Options = new AuthorizationLinkOptions { IdleEchoSeconds = 0 };
        configure?.Invoke(Options);
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
        var engineOptions = new EngineOptions
        {
            PartitionCount = 1,
            CardsMax = 16,
            AccountsMax = 16,
            HoldsPerPartitionMax = 8192,
            RecentAnswersPerPartitionMax = 8192,
            UncommittedPerPartitionMax = 4096,
            PartitionQueueMax = 4096,
            JournalBatchMax = 256,
            CommitBudgetMs = 5000,
        };
        var state = new EngineState(engineOptions);
        state.LoadAccount(AccountId, Deposit);
        Span<byte> token = stackalloc byte[32];
        ComputeToken(Encoding.ASCII.GetBytes(Pan), token);
        state.LoadCard(CardId, BinaryPrimitives.ReadUInt128LittleEndian(token), AccountId, CardStatus.Active, 2812, CardControls.Default);
        Journal = journal ?? new Engine.RecordingJournal();
        EngineInstance = new AuthorizationEngine(state, Journal, epoch: 1, Clock);
        EngineInstance.Start();
        Engine = engineActive ? EngineInstance : null;
        Metrics = new LinkMetrics();

        _connection = new DefaultConnectionContext("test-connection", new DuplexPipe(_toPool.Reader, _fromPool.Writer), new DuplexPipe(_fromPool.Reader, _toPool.Writer));
        var session = new LinkSession(_connection, Options, IsoDialects.PoolLink, this, this, Metrics, NullLogger.Instance, Clock);
        _session = Task.Run(async () =>
        {
            // Kestrel closes the socket when the handler returns; here the pipe stands for it.
            await session.RunAsync();
            await _fromPool.Writer.CompleteAsync();
        });
    }

    public AuthorizationLinkOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public IJournalCommitter Journal { get; }

    public AuthorizationEngine EngineInstance { get; }

    public AuthorizationEngine? Engine { get; }

    public LinkMetrics Metrics { get; }

    public Task Session => _session;

    public void ComputeToken(ReadOnlySpan<byte> panDigits, Span<byte> destination) => HMACSHA256.HashData(HashKey, panDigits, destination);

    public async Task SendAsync(byte[] bytes)
    {
        await _toPool.Writer.WriteAsync(bytes);
    }

    public Task SendAsync(SpecMessage message) => SendAsync(message.ToFrame());

    /// <summary>The next frame Pool writes (without its header), or a failure after the deadline.</summary>
    public async Task<byte[]> ReceiveFrameAsync(int timeoutMs = 10_000)
    {
        using var deadline = new CancellationTokenSource(timeoutMs);
        var reader = _fromPool.Reader;
        while (true)
        {
            var result = await reader.ReadAsync(deadline.Token);
            var buffer = result.Buffer;
            if (buffer.Length >= 2)
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(0, 2).ToArray());
                if (buffer.Length >= 2 + length)
                {
                    var frame = buffer.Slice(2, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(2 + length));
                    return frame;
                }
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new EndOfStreamException("Pool closed the connection.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task<SpecMessage> ReceiveAsync(int timeoutMs = 10_000) => SpecMessage.Parse(await ReceiveFrameAsync(timeoutMs));

    /// <summary>Sends a request and returns the next answer.</summary>
    public async Task<SpecMessage> ExchangeAsync(SpecMessage request)
    {
        await SendAsync(request);
        return await ReceiveAsync();
    }

    /// <summary>True when Pool closed its side of the connection within the deadline.</summary>
    public async Task<bool> ClosedByPoolAsync(int timeoutMs = 10_000)
    {
        using var deadline = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                var result = await _fromPool.Reader.ReadAsync(deadline.Token);
                _fromPool.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A balance inquiry (DE3 30, DE4 zero) for the test card; the answer's DE54 carries the available balance.</summary>
    public static SpecMessage BalanceInquiry(string stan) => SpecMessage.ExamplePurchase()
        .With(3, "300000").With(4, "000000000000").With(11, stan).With(7, "1124130000");

    /// <summary>DE54's available amount, signed (link spec §4 note 5).</summary>
    public static long Available(SpecMessage answer)
    {
        var block = answer[54];
        var amount = long.Parse(block[8..], System.Globalization.CultureInfo.InvariantCulture);
        return block[7] == 'D' ? -amount : amount;
    }

    public async ValueTask DisposeAsync()
    {
        await _toPool.Writer.CompleteAsync();
        await _session.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await EngineInstance.DisposeAsync();
        Metrics.Dispose();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
