using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Framing;
using Pool.Benchmarks.Load;

namespace Pool.Benchmarks.Baseline;

/// <summary>The baseline's answers (link spec §4): request MTI + 10, the echoed fields, DE38/DE39/DE54, in ascending order.</summary>
internal static class BaselineAnswer
{
    public static byte[] Write(byte[] frame, in IsoMessage request, Decision decision, long approvalSequence)
    {
        Span<byte> buffer = stackalloc byte[LinkRequestWriter.FrameBytesMax * 2];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);
        writer.BeginMessage(request.Mti + 10);
        var echoed = LinkEchoes.For(request.Mti);
        var approved = decision.ResponseCode == "00";
        Span<byte> text = stackalloc byte[20];
        for (var field = 2; field <= 90; field++)
        {
            if (field == 38 && request.Mti == 100 && approved && decision.CarriesBalance)
            {
                "B"u8.CopyTo(text);
                LinkRequestWriter.Digits(text[1..6], approvalSequence % 100_000);
                writer.WriteField(38, text[..6]);
            }
            else if (field == 39)
            {
                text[0] = (byte)decision.ResponseCode[0];
                text[1] = (byte)decision.ResponseCode[1];
                writer.WriteField(39, text[..2]);
            }
            else if (field == 54 && request.Mti == 100 && decision.CarriesBalance)
            {
                "0002392"u8.CopyTo(text);
                text[7] = decision.AvailableMinor < 0 ? (byte)'D' : (byte)'C';
                LinkRequestWriter.Digits(text[8..20], Math.Abs(decision.AvailableMinor));
                writer.WriteField(54, text);
            }
            else if (Array.IndexOf(echoed, field) >= 0 && request.Has(field))
            {
                writer.CopyField(field, frame, request);
            }
        }

        if (!writer.Complete())
        {
            throw new InvalidOperationException($"The baseline wrote a bad answer: {writer.Error} in DE{writer.ErrorField}.");
        }

        return buffer[..writer.BytesWritten].ToArray();
    }
}
