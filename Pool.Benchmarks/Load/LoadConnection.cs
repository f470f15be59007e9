using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using HdrHistogram;
using Pool.Authorization.Engine.Codec;

namespace Pool.Benchmarks.Load;

/// <summary>
/// One TCP connection of the simulated network: a table of outstanding requests (at most
/// <c>--in-flight</c>, link spec §1 allows 1024), a receive thread that matches each answer to its request
/// (MTI class, DE11, DE7, DE32), checks it (<see cref="AnswerCheck"/>) and records its latency from the
/// scheduled send time. Sends are made by the run's single sender thread through <see cref="TrySend"/>
/// and <see cref="Flush"/>.
/// </summary>
internal sealed partial class LoadConnection : IDisposable
{
    /// <summary>Bytes batched before a send: a few hundred requests.</summary>
    private const int SendBufferBytes = 64 * 1024;
    private const int ReceiveBufferBytes = 256 * 1024;
    /// <summary>Approved purchases kept per connection as candidates for reversal.</summary>
    private const int ReversibleMax = 4096;

    private readonly Socket _socket;
    private readonly StanSpace _stans;
    private readonly LoadCard[] _cards;
    private readonly LoadRecorder _recorder;
    private readonly Slot[] _slots;
    private readonly byte[] _slotFrames;
    private readonly long[] _slotUses;
    private readonly ConcurrentQueue<int> _freeSlots = new();
    private readonly SemaphoreSlim _slotsAvailable;
    private readonly ConcurrentQueue<Reversible> _reversible = new();
    private readonly byte[] _sendBuffer = new byte[SendBufferBytes];
    private readonly Lock _sendLock = new();
    private int _sendLength;
    private Thread? _receiver;
    private volatile bool _closing;

    public LoadConnection(Socket socket, int index, int count, int inFlightMax, LoadCard[] cards, LinkRequestWriter writer, LoadRecorder recorder)
    {
        _socket = socket;
        Index = index;
        _stans = new StanSpace(index, count, inFlightMax);
        _cards = cards;
        Writer = writer;
        _recorder = recorder;
        _slots = new Slot[inFlightMax];
        _slotFrames = new byte[inFlightMax * LinkRequestWriter.FrameBytesMax];
        _slotUses = new long[inFlightMax];
        for (var i = 0; i < inFlightMax; i++)
        {
            _freeSlots.Enqueue(i);
        }

        _slotsAvailable = new SemaphoreSlim(inFlightMax, inFlightMax);
    }

    public int Index { get; }

    public LinkRequestWriter Writer { get; }

    public int Outstanding => _slots.Length - _slotsAvailable.CurrentCount;

    /// <summary>Signs on (0800 / DE70 001) and waits for the 0810, before any load.</summary>
    public void SignOn(TimeSpan timeout)
    {
        Span<byte> frame = stackalloc byte[LinkRequestWriter.FrameBytesMax];
        Writer.SetClock(DateTime.UtcNow);
        // STAN of slot 0's first use: the slot's later uses start from generation 1.
        var stan = _stans.Stan(0, _slotUses[0]++);
        var length = Writer.WriteSignOn(frame, stan);
        _socket.Send(frame[..length]);
        var buffer = new byte[4096];
        var filled = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var read = _socket.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("The host closed the connection during sign-on.");
            }

            filled += read;
            while (filled >= 2)
            {
                var messageBytes = (buffer[0] << 8) | buffer[1];
                if (filled < 2 + messageBytes)
                {
                    break;
                }

                var message = buffer.AsSpan(2, messageBytes);
                var ok = IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var answer, out _)
                    && answer.Mti == 810 && answer.TryGetNumber(message, 11, out var answeredStan) && answeredStan == stan
                    && answer.TryGetField(message, 39, out var code) && code.SequenceEqual("00"u8);
                Buffer.BlockCopy(buffer, 2 + messageBytes, buffer, 0, filled - 2 - messageBytes);
                filled -= 2 + messageBytes;
                if (ok)
                {
                    _socket.ReceiveTimeout = 0;
                    return;
                }
            }
        }

        throw new TimeoutException("No 0810 answered the sign-on.");
    }

    public void StartReceiving()
    {
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"load-receive-{Index}" };
        _receiver.Start();
    }

    /// <summary>
    /// Writes one request into a free slot and the send buffer. When every slot is taken, flushes and waits
    /// for one at most <paramref name="waitMs"/>; false when none freed.
    /// </summary>
    public bool TrySend(in LoadRequest request, long scheduledTicks, bool measured, int waitMs)
    {
        if (!_slotsAvailable.Wait(0))
        {
            Flush();
            if (!_slotsAvailable.Wait(waitMs))
            {
                return false;
            }
        }

        _freeSlots.TryDequeue(out var slotIndex);
        var stan = _stans.Stan(slotIndex, ++_slotUses[slotIndex]);
        var frame = _slotFrames.AsSpan(slotIndex * LinkRequestWriter.FrameBytesMax, LinkRequestWriter.FrameBytesMax);
        var card = _cards[request.CardIndex];
        int length;
        if (request.Kind == LoadRequestKind.Reversal)
        {
            length = Writer.WriteReversal(frame, card, stan, request.OriginalStan, request.OriginalDe7.AsSpan(), request.AmountMinor);
        }
        else
        {
            Span<byte> approvalCode = stackalloc byte[6];
            LinkRequestWriter.AdviceApprovalCode(approvalCode, stan);
            length = Writer.WriteAuthorization(frame, request.Kind, card, stan, request.AmountMinor, approvalCode);
        }

        ref var slot = ref _slots[slotIndex];
        slot.Stan = stan;
        slot.Kind = request.Kind;
        slot.Expected = request.Expected;
        slot.CardIndex = request.CardIndex;
        slot.AmountMinor = request.AmountMinor;
        slot.FrameLength = length;
        slot.ScheduledTicks = scheduledTicks;
        slot.Measured = measured;
        Volatile.Write(ref slot.Outstanding, 1);
        lock (_sendLock)
        {
            if (_sendLength + length > _sendBuffer.Length)
            {
                FlushLocked();
            }

            frame[..length].CopyTo(_sendBuffer.AsSpan(_sendLength));
            _sendLength += length;
        }

        _recorder.Sent(request.Kind, measured);
        return true;
    }

    /// <summary>Hands what is batched to the socket.</summary>
    public void Flush()
    {
        lock (_sendLock)
        {
            FlushLocked();
        }
    }

    /// <summary>An approved purchase of this connection to reverse, if any.</summary>
    public bool TryTakeReversible([NotNullWhen(true)] out Reversible? reversible) => _reversible.TryDequeue(out reversible);

    /// <summary>Counts every request still outstanding as unanswered (at the end of the drain).</summary>
    public int CountUnanswered()
    {
        var count = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i].Outstanding) == 1)
            {
                count++;
                _recorder.Error(LoadErrorKind.Unanswered, _slots[i].Measured, $"{_slots[i].Kind} STAN {_slots[i].Stan:D6} was never answered");
            }
        }

        return count;
    }

    public void Dispose()
    {
        _closing = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone: nothing to shut down.
        }

        _socket.Dispose();
        _receiver?.Join(TimeSpan.FromSeconds(2));
        _slotsAvailable.Dispose();
    }

    private void FlushLocked()
    {
        var sent = 0;
        try
        {
            while (sent < _sendLength)
            {
                sent += _socket.Send(_sendBuffer, sent, _sendLength - sent, SocketFlags.None);
            }
        }
        catch (SocketException exception) when (!_closing)
        {
            _recorder.Error(LoadErrorKind.Transport, measured: true, $"connection {Index}: send failed: {exception.SocketErrorCode}");
        }

        _sendLength = 0;
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[ReceiveBufferBytes];
        var filled = 0;
        try
        {
            while (!_closing)
            {
                var read = _socket.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
                if (read == 0)
                {
                    if (!_closing)
                    {
                        _recorder.Error(LoadErrorKind.Transport, measured: true, $"connection {Index}: the host closed it");
                    }

                    return;
                }

                filled += read;
                var consumed = 0;
                var now = Stopwatch.GetTimestamp();
                while (filled - consumed >= 2)
                {
                    var messageBytes = (buffer[consumed] << 8) | buffer[consumed + 1];
                    if (filled - consumed < 2 + messageBytes)
                    {
                        break;
                    }

                    if (messageBytes > 0)
                    {
                        OnAnswer(buffer.AsSpan(consumed + 2, messageBytes), now);
                    }

                    consumed += 2 + messageBytes;
                }

                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // After Dispose (the end of the run) this is the socket closing under the thread, not an error.
            if (!_closing)
            {
                _recorder.Error(LoadErrorKind.Transport, measured: true, $"connection {Index}: receive failed: {exception.Message}");
            }
        }
    }

    private void OnAnswer(ReadOnlySpan<byte> message, long nowTicks)
    {
        if (!IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var answer, out var readError))
        {
            _recorder.Error(LoadErrorKind.Malformed, measured: true, $"unreadable answer: {readError.Kind} in DE{readError.Field}");
            return;
        }

        if (answer.Mti == 800)
        {
            // The host's idle echo (link spec §4): answer it, it is not load.
            Span<byte> reply = stackalloc byte[LinkRequestWriter.FrameBytesMax];
            var length = LinkRequestWriter.WriteEchoAnswer(reply, message, answer);
            lock (_sendLock)
            {
                _socket.Send(reply[..length]);
            }

            return;
        }

        var slotIndex = answer.TryGetNumber(message, 11, out var stan) ? _stans.SlotOf((int)stan) : -1;
        if (slotIndex < 0 || Volatile.Read(ref _slots[slotIndex].Outstanding) == 0 || _slots[slotIndex].Stan != stan)
        {
            _recorder.Error(LoadErrorKind.Unmatched, measured: true, $"MTI {answer.Mti:D4} STAN {stan:D6} matches no outstanding request");
            return;
        }

        ref var slot = ref _slots[slotIndex];
        var request = _slotFrames.AsSpan(slotIndex * LinkRequestWriter.FrameBytesMax + 2, slot.FrameLength - 2);
        var card = _cards[slot.CardIndex];
        var outcome = AnswerCheck.Check(request, message, in answer, slot.Kind, slot.Expected, card, out var problem);
        if (outcome == AnswerOutcome.WrongKey)
        {
            _recorder.Error(LoadErrorKind.Unmatched, measured: true, $"MTI {answer.Mti:D4} STAN {stan:D6}: {problem}");
            return;
        }

        var latencyTicks = nowTicks - slot.ScheduledTicks;
        _recorder.Answered(slot.Kind, slot.Measured, slot.ScheduledTicks, latencyTicks, Index);
        if (outcome != AnswerOutcome.Ok)
        {
            _recorder.Error(outcome == AnswerOutcome.WrongCode ? LoadErrorKind.ResponseCode : outcome == AnswerOutcome.WrongEcho ? LoadErrorKind.Echo : LoadErrorKind.Amounts, slot.Measured, $"{slot.Kind} STAN {stan:D6}: {problem}");
        }
        else if (slot.Kind == LoadRequestKind.Purchase && answer.TryGetField(message, 39, out var code) && code.SequenceEqual("00"u8) && _reversible.Count < ReversibleMax)
        {
            // DE7 is the request's: the check above found it echoed unchanged.
            answer.TryGetField(message, 7, out var de7);
            _reversible.Enqueue(new Reversible(slot.CardIndex, slot.Stan, de7.ToArray(), slot.AmountMinor));
        }

        Volatile.Write(ref slot.Outstanding, 0);
        _freeSlots.Enqueue(slotIndex);
        _slotsAvailable.Release();
    }

    private struct Slot
    {
        public long ScheduledTicks;
        public long AmountMinor;
        public int Stan;
        public int CardIndex;
        public int FrameLength;
        public int Outstanding;
        public LoadRequestKind Kind;
        public ExpectedAnswer Expected;
        public bool Measured;
    }
}
