using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Framing;
using Pool.Authorization.Engine.Processing;

namespace Pool.Modules.Authorization.Link;

/// <summary>
/// One network connection (link spec §1, §9). A read loop splits frames and hands each to the engine
/// (or answers it itself: network management, malformed, undefined); a write loop writes answers in the
/// order they are released, which is after their decision is durable. Requests in flight are bounded by
/// slots: when all are taken the read loop stops reading, so TCP pushes back on the network rather than
/// a queue growing. A failure here closes this connection only.
/// </summary>
internal sealed partial class LinkSession : IDecisionCompletion
{
    /// <summary>Slot index meaning "send our own echo test" in the answer queue.</summary>
    private const int EchoSlot = -1;

    private readonly ConnectionContext _connection;
    private readonly AuthorizationLinkOptions _options;
    private readonly IsoDialect _dialect;
    private readonly IEngineAccess _engine;
    private readonly IPanTokenizer _tokenizer;
    private readonly LinkMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Slot[] _slots;
    private readonly int[] _freeSlots;
    private readonly SemaphoreSlim _slotAvailable;
    private readonly Channel<int> _answers;
    private readonly Lock _slotLock = new();
    private int _freeCount;
    private long _frames;
    private long _lastReceivedTimestamp;
    private int _echoOutstanding;
    private int _echoStan;

    public LinkSession(
        ConnectionContext connection,
        AuthorizationLinkOptions options,
        IsoDialect dialect,
        IEngineAccess engine,
        IPanTokenizer tokenizer,
        LinkMetrics metrics,
        ILogger logger,
        TimeProvider time)
    {
        _connection = connection;
        _options = options;
        _dialect = dialect;
        _engine = engine;
        _tokenizer = tokenizer;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        var slots = options.InFlightPerConnectionMax;
        _slots = new Slot[slots];
        _freeSlots = new int[slots];
        for (var i = 0; i < slots; i++)
        {
            _slots[i] = new Slot();
            _freeSlots[i] = slots - 1 - i;
        }

        _freeCount = slots;
        _slotAvailable = new SemaphoreSlim(slots, slots);

        // Every slot can be answered at most once before it is freed, plus one pending echo: the queue can never be full.
        _answers = Channel.CreateBounded<int>(new BoundedChannelOptions(slots + 1)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Serves the connection until the network closes it, a frame is refused, or the host stops.</summary>
    public async Task RunAsync()
    {
        var connectionId = _connection.ConnectionId;
        LinkLog.Opened(_logger, connectionId, _connection.RemoteEndPoint?.ToString());
        _metrics.ConnectionOpened();
        _lastReceivedTimestamp = _time.GetTimestamp();
        var graceful = _connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(graceful, _connection.ConnectionClosed);
        var writer = WriteAnswersAsync(_connection.Transport.Output);
        var echo = _options.IdleEchoSeconds > 0 ? EchoWhenIdleAsync(stopping.Token) : Task.CompletedTask;
        try
        {
            await ReadRequestsAsync(_connection.Transport.Input, stopping.Token);

            // Answer what is in flight before closing (graceful shutdown, or the network finished sending).
            await WaitForInFlightAsync(_connection.ConnectionClosed);
            ReturnBuffers();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LinkLog.ConnectionFailed(_logger, connectionId, exception);
        }
        finally
        {
            _answers.Writer.TryComplete();
            await stopping.CancelAsync();
            await IgnoreFailuresAsync(writer);
            await IgnoreFailuresAsync(echo);
            _metrics.ConnectionClosed();
            LinkLog.Closed(_logger, connectionId, _frames);
        }
    }

    /// <summary>Called by the engine once an answer may be sent (after its record is durable, or at once for 91).</summary>
    public void OnAnswered(long correlation, in AuthorizationOutcome outcome)
    {
        var index = (int)correlation;
        var slot = _slots[index];
        slot.Outcome = outcome;
        slot.Kind = SlotKind.Decision;
        if (!_answers.Writer.TryWrite(index))
        {
            // The connection is gone: nobody will write the answer, so free the slot here.
            _metrics.RequestDroppedUnanswered();
            ReleaseSlot(index);
        }
    }

    private async Task ReadRequestsAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var header = _options.FrameHeader;
        var frameBytesMax = _options.FrameBytesMax;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            try
            {
                while (LinkFrameReader.TryReadFrame(ref buffer, header, frameBytesMax, out var frame, out var error))
                {
                    if (error != FrameError.None)
                    {
                        RefuseFrame(error);
                        return;
                    }

                    // Backpressure: with every slot in flight, wait here; the socket is not read meanwhile.
                    await _slotAvailable.WaitAsync(cancellationToken);
                    var index = TakeSlot();
                    _frames++;
                    _lastReceivedTimestamp = _time.GetTimestamp();
                    Accept(index, frame);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>Copies the frame into its slot and routes it; synchronous, so no span outlives an await.</summary>
    private void Accept(int index, in ReadOnlySequence<byte> frame)
    {
        var slot = _slots[index];
        var length = (int)frame.Length;
        if (slot.Buffer.Length < length)
        {
            if (slot.Buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(slot.Buffer);
            }

            slot.Buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 512));
        }

        frame.CopyTo(slot.Buffer);
        slot.Length = length;
        slot.ReceivedTimestamp = _time.GetTimestamp();
        _metrics.RequestReceived();
        Route(index, slot);
    }

    private void Route(int index, Slot slot)
    {
        var frame = slot.Buffer.AsSpan(0, slot.Length);
        if (!IsoMessageReader.TryRead(frame, _dialect, out var message, out var error))
        {
            slot.Message = message;
            RouteMalformed(index, in error);
            return;
        }

        slot.Message = message;
        var mti = message.Mti;
        if (!IsRequest(mti))
        {
            if (mti == 810)
            {
                Volatile.Write(ref _echoOutstanding, 0);
            }
            else
            {
                _metrics.Unsolicited();
                LinkLog.Unsolicited(_logger, _connection.ConnectionId, mti);
            }

            Drop(index);
            return;
        }

        if (mti is 800 or 801)
        {
            // Sign-on (001), sign-off (002) and echo (301) are all answered 00 (link spec §4).
            AnswerImmediately(index, 810, (int)ResponseCode.Approved);
            return;
        }

        if (!RequestMapper.TryGetKind(mti, out _, out _))
        {
            AnswerImmediately(index, ResponseBuilder.ResponseMti(mti), (int)ResponseCode.InvalidTransaction);
            return;
        }

        if (!RequestMapper.TryMap(frame, in message, _tokenizer, out var request, out _))
        {
            AnswerImmediately(index, ResponseBuilder.ResponseMti(mti), (int)ResponseCode.FormatError);
            return;
        }

        var engine = _engine.Engine;
        if (engine is null)
        {
            // Standby or still loading: the network stands in (link spec §7).
            AnswerImmediately(index, ResponseBuilder.ResponseMti(mti), (int)ResponseCode.IssuerUnavailable);
            return;
        }

        // Anything but Accepted has already been answered 91 through OnAnswered.
        engine.TrySubmit(in request, this, index);
    }

    /// <summary>Link spec §9: answer 30 (or 12 for an undefined request MTI) when MTI and DE11 are readable; otherwise drop.</summary>
    private void RouteMalformed(int index, in IsoReadError error)
    {
        if (error.MtiReadable && IsRequest(error.Mti))
        {
            if (error.Kind == IsoReadErrorKind.MtiNotDefined)
            {
                AnswerImmediately(index, ResponseBuilder.ResponseMti(error.Mti), (int)ResponseCode.InvalidTransaction);
                return;
            }

            if (error.StanReadable)
            {
                LinkLog.MalformedAnswered(_logger, _connection.ConnectionId, error.Mti, error.Kind, error.Field, error.Offset);
                AnswerImmediately(index, ResponseBuilder.ResponseMti(error.Mti), (int)ResponseCode.FormatError);
                return;
            }
        }

        _metrics.Unreadable();
        LinkLog.MalformedDropped(_logger, _connection.ConnectionId, error.Kind, error.Field, error.Offset);
        Drop(index);
    }

    /// <summary>Requests and advices have an even function digit (0100, 0120, 0200, 0400, 0420, 0800); answers an odd one.</summary>
    private static bool IsRequest(int mti) => (mti / 10 % 10) % 2 == 0;

    private void AnswerImmediately(int index, int responseMti, int responseCode)
    {
        var slot = _slots[index];
        slot.Kind = SlotKind.Immediate;
        slot.ResponseMti = responseMti;
        slot.ResponseCode = responseCode;
        if (!_answers.Writer.TryWrite(index))
        {
            Drop(index);
        }
    }

    private void Drop(int index)
    {
        _metrics.RequestDroppedUnanswered();
        ReleaseSlot(index);
    }

    private void RefuseFrame(FrameError error)
    {
        if (error == FrameError.FrameTooLarge)
        {
            _metrics.FrameTooLarge();
        }
        else
        {
            _metrics.HeaderInvalid();
        }

        LinkLog.FrameRefused(_logger, _connection.ConnectionId, error);
    }

    /// <summary>Writes answers as they are released, flushing once per burst.</summary>
    private async Task WriteAnswersAsync(PipeWriter output)
    {
        var reader = _answers.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var index))
            {
                WriteAnswer(output, index);
            }

            var flush = await output.FlushAsync();
            if (flush.IsCompleted)
            {
                return;
            }
        }
    }

    private void WriteAnswer(PipeWriter output, int index)
    {
        if (index == EchoSlot)
        {
            ResponseBuilder.WriteEcho(output, _dialect, _options.FrameHeader, _time.GetUtcNow(), NextEchoStan());
            return;
        }

        var slot = _slots[index];
        var frame = slot.Buffer.AsSpan(0, slot.Length);
        if (slot.Kind == SlotKind.Decision)
        {
            ResponseBuilder.WriteDecision(output, _dialect, _options.FrameHeader, frame, in slot.Message, in slot.Outcome);
        }
        else
        {
            ResponseBuilder.WriteImmediate(output, _dialect, _options.FrameHeader, frame, in slot.Message, slot.ResponseMti, slot.ResponseCode);
        }

        _metrics.AnswerWritten(_time.GetElapsedTime(slot.ReceivedTimestamp).TotalMilliseconds);
        ReleaseSlot(index);
    }

    /// <summary>
    /// Sends one 0800/301 when the connection has been idle for the configured interval, and no other until
    /// the network answers it or another full interval passes (no echo storms).
    /// </summary>
    private async Task EchoWhenIdleAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(_options.IdleEchoSeconds);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(interval / 4, _time, cancellationToken);
            if (_time.GetElapsedTime(Volatile.Read(ref _lastReceivedTimestamp)) < interval)
            {
                continue;
            }

            if (Interlocked.Exchange(ref _echoOutstanding, 1) == 1)
            {
                LinkLog.EchoUnanswered(_logger, _connection.ConnectionId, _options.IdleEchoSeconds);
            }

            Volatile.Write(ref _lastReceivedTimestamp, _time.GetTimestamp());
            _answers.Writer.TryWrite(EchoSlot);
        }
    }

    private int NextEchoStan() => (Interlocked.Increment(ref _echoStan) % 999_999) + 1;

    private async Task WaitForInFlightAsync(CancellationToken aborted)
    {
        // Each slot taken back proves one answer written (or dropped); all back means nothing is in flight.
        for (var i = 0; i < _slots.Length; i++)
        {
            await _slotAvailable.WaitAsync(aborted);
        }

        _slotAvailable.Release(_slots.Length);
    }

    /// <summary>Gives every slot's pooled buffer back; only when no answer is outstanding.</summary>
    private void ReturnBuffers()
    {
        foreach (var slot in _slots)
        {
            if (slot.Buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(slot.Buffer);
                slot.Buffer = [];
            }
        }
    }

    private int TakeSlot()
    {
        lock (_slotLock)
        {
            Debug.Assert(_freeCount > 0, "a slot was taken without the semaphore");
            return _freeSlots[--_freeCount];
        }
    }

    private void ReleaseSlot(int index)
    {
        lock (_slotLock)
        {
            _freeSlots[_freeCount++] = index;
        }

        _slotAvailable.Release();
    }

    private static async Task IgnoreFailuresAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or ConnectionResetException or IOException)
        {
        }
    }

    private enum SlotKind
    {
        Decision,
        Immediate,
    }

    /// <summary>One request in flight: its frame's bytes (pooled, kept until its answer is written), its index and its answer.</summary>
    private sealed class Slot
    {
        public byte[] Buffer = [];
        public int Length;
        public IsoMessage Message;
        public AuthorizationOutcome Outcome;
        public SlotKind Kind;
        public int ResponseMti;
        public int ResponseCode;
        public long ReceivedTimestamp;
    }
}
