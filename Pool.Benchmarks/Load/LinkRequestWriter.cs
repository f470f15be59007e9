using System.Buffers.Text;
using System.Text;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Framing;

namespace Pool.Benchmarks.Load;

/// <summary>
/// Writes the network's requests (link spec §4) as framed messages with Pool's own codec
/// (<see cref="IsoMessageWriter"/>, dialect <see cref="IsoDialects.PoolLink"/>), so the generator spends
/// its cores on load rather than on formatting. The date fields (DE7, DE12, DE13) are formatted once per
/// second of the clock.
/// </summary>
internal sealed class LinkRequestWriter(byte[] acquirerDe32)
{
    /// <summary>Room for any request this writer makes (the largest, an 0400, is about 200 bytes).</summary>
    public const int FrameBytesMax = 512;

    private static readonly byte[] ProcessingPurchase = "000000"u8.ToArray();
    private static readonly byte[] ProcessingInquiry = "300000"u8.ToArray();
    private static readonly byte[] Mcc = "5499"u8.ToArray();
    private static readonly byte[] CountryJapan = "392"u8.ToArray();
    private static readonly byte[] CurrencyYen = "392"u8.ToArray();
    private static readonly byte[] CurrencyDollar = "840"u8.ToArray();
    private static readonly byte[] ConversionRate = "61500000"u8.ToArray();
    private static readonly byte[] EntryChip = "051"u8.ToArray();
    private static readonly byte[] Terminal = "TERM0001"u8.ToArray();
    private static readonly byte[] Merchant = "MERCHANT0000001"u8.ToArray();
    private static readonly byte[] MerchantName = Encoding.ASCII.GetBytes("LOAD MART SHIBUYA        TOKYO        JP");
    private static readonly byte[] Approved = "00"u8.ToArray();

    private readonly byte[] _acquirer = acquirerDe32;
    private readonly byte[] _de7 = new byte[10];
    private readonly byte[] _de12 = new byte[6];
    private readonly byte[] _de13 = new byte[4];
    private long _formattedSecond = -1;

    public byte[] Acquirer => _acquirer;

    /// <summary>DE7 of the last request written (MMDDhhmmss UTC).</summary>
    public ReadOnlySpan<byte> LastDe7 => _de7;

    /// <summary>Sets the clock fields from <paramref name="utcNow"/>, reformatting only when the second changed.</summary>
    public void SetClock(DateTime utcNow)
    {
        var second = utcNow.Ticks / TimeSpan.TicksPerSecond;
        if (second == _formattedSecond)
        {
            return;
        }

        _formattedSecond = second;
        Digits(_de7.AsSpan(0, 2), utcNow.Month);
        Digits(_de7.AsSpan(2, 2), utcNow.Day);
        Digits(_de7.AsSpan(4, 2), utcNow.Hour);
        Digits(_de7.AsSpan(6, 2), utcNow.Minute);
        Digits(_de7.AsSpan(8, 2), utcNow.Second);
        // Local time of the terminal: Tokyo, UTC+9, close enough for an opaque field.
        var local = utcNow.AddHours(9);
        Digits(_de12.AsSpan(0, 2), local.Hour);
        Digits(_de12.AsSpan(2, 2), local.Minute);
        Digits(_de12.AsSpan(4, 2), local.Second);
        Digits(_de13.AsSpan(0, 2), local.Month);
        Digits(_de13.AsSpan(2, 2), local.Day);
    }

    /// <summary>0100 (purchase, decline, inquiry, fx) or 0120 (advice, approved by the network with <paramref name="approvalCode"/>).</summary>
    public int WriteAuthorization(Span<byte> destination, LoadRequestKind kind, LoadCard card, int stan, long amountMinor, ReadOnlySpan<byte> approvalCode)
    {
        var advice = kind == LoadRequestKind.Advice;
        var writer = new IsoMessageWriter(destination, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);
        writer.BeginMessage(advice ? 120 : 100);
        writer.WriteField(2, card.PanBytes);
        writer.WriteField(3, kind == LoadRequestKind.Inquiry ? ProcessingInquiry : ProcessingPurchase);
        var foreign = kind == LoadRequestKind.Foreign;
        // A dollar amount in cents that is roughly the yen amount / 150; DE6 carries the yen Pool decides on.
        writer.WriteNumber(4, kind == LoadRequestKind.Inquiry ? 0 : foreign ? Math.Max(1, amountMinor * 100 / 150) : amountMinor);
        if (foreign)
        {
            writer.WriteNumber(6, amountMinor);
        }

        writer.WriteField(7, _de7);
        if (foreign)
        {
            writer.WriteField(10, ConversionRate);
        }

        writer.WriteNumber(11, stan);
        writer.WriteField(12, _de12);
        writer.WriteField(13, _de13);
        writer.WriteField(14, card.ExpiryBytes);
        writer.WriteField(18, Mcc);
        writer.WriteField(19, CountryJapan);
        writer.WriteField(22, EntryChip);
        writer.WriteField(32, _acquirer);
        Span<byte> rrn = stackalloc byte[12];
        Rrn(rrn, stan);
        writer.WriteField(37, rrn);
        if (advice)
        {
            writer.WriteField(38, approvalCode);
            writer.WriteField(39, Approved);
        }

        writer.WriteField(41, Terminal);
        writer.WriteField(42, Merchant);
        writer.WriteField(43, MerchantName);
        writer.WriteField(49, foreign ? CurrencyDollar : CurrencyYen);
        if (foreign)
        {
            writer.WriteField(51, CurrencyYen);
        }

        return Complete(ref writer);
    }

    /// <summary>0400 full reversal of an approved 0100 (its STAN, DE7 and yen amount), link spec §8.</summary>
    public int WriteReversal(Span<byte> destination, LoadCard card, int stan, int originalStan, ReadOnlySpan<byte> originalDe7, long amountMinor)
    {
        var writer = new IsoMessageWriter(destination, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);
        writer.BeginMessage(400);
        writer.WriteField(2, card.PanBytes);
        writer.WriteField(3, ProcessingPurchase);
        writer.WriteNumber(4, amountMinor);
        writer.WriteField(7, _de7);
        writer.WriteNumber(11, stan);
        writer.WriteField(32, _acquirer);
        Span<byte> rrn = stackalloc byte[12];
        Rrn(rrn, stan);
        writer.WriteField(37, rrn);
        writer.WriteField(49, CurrencyYen);
        Span<byte> de90 = stackalloc byte[42];
        "0100"u8.CopyTo(de90);
        Digits(de90.Slice(4, 6), originalStan);
        originalDe7.CopyTo(de90.Slice(10, 10));
        de90.Slice(20, 22).Fill((byte)'0');
        _acquirer.CopyTo(de90.Slice(20 + 11 - _acquirer.Length, _acquirer.Length));
        writer.WriteField(90, de90);
        return Complete(ref writer);
    }

    /// <summary>0800 network management (DE70 001 sign-on).</summary>
    public int WriteSignOn(Span<byte> destination, int stan)
    {
        var writer = new IsoMessageWriter(destination, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);
        writer.BeginMessage(800);
        writer.WriteField(7, _de7);
        writer.WriteNumber(11, stan);
        writer.WriteField(70, "001"u8);
        return Complete(ref writer);
    }

    /// <summary>0810 answering the host's own 0800 echo (link spec §4), DE7/DE11/DE70 echoed.</summary>
    public static int WriteEchoAnswer(Span<byte> destination, ReadOnlySpan<byte> requestFrame, in IsoMessage request)
    {
        var writer = new IsoMessageWriter(destination, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);
        writer.BeginMessage(810);
        writer.CopyField(7, requestFrame, request);
        writer.CopyField(11, requestFrame, request);
        writer.WriteField(39, Approved);
        writer.CopyField(70, requestFrame, request);
        return Complete(ref writer);
    }

    private static int Complete(ref IsoMessageWriter writer)
    {
        if (!writer.Complete())
        {
            throw new InvalidOperationException($"The generator wrote a bad request: {writer.Error} in DE{writer.ErrorField}.");
        }

        return writer.BytesWritten;
    }

    private static void Rrn(Span<byte> destination, int stan)
    {
        "LD"u8.CopyTo(destination);
        destination.Slice(2, 4).Fill((byte)'0');
        Digits(destination.Slice(6, 6), stan);
    }

    /// <summary>Writes <paramref name="value"/> right-justified and zero-padded into all of <paramref name="destination"/>.</summary>
    public static void Digits(Span<byte> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>A 6-character approval code for an advice, from its STAN.</summary>
    public static void AdviceApprovalCode(Span<byte> destination, int stan)
    {
        destination[0] = (byte)'N';
        Digits(destination[1..6], stan % 100_000);
    }

    internal static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value) =>
        Utf8Parser.TryParse(digits, out value, out var consumed) && consumed == digits.Length;
}
