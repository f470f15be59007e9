using System.Buffers;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Framing;

namespace Pool.Modules.Authorization.Link;

/// <summary>
/// Writes the link's answers (link spec §4) into the connection's pipe: echoed fields are copied from the
/// request's bytes, the rest formatted by the dialect. No allocation.
/// </summary>
internal static class ResponseBuilder
{
    /// <summary>Fields of an 0110 (link spec §4), ascending; which are written depends on the request and the decision.</summary>
    private static ReadOnlySpan<byte> AuthorizationResponseFields => [2, 3, 4, 6, 7, 10, 11, 32, 37, 38, 39, 41, 42, 48, 49, 51, 54];

    /// <summary>Fields of an 0130.</summary>
    private static ReadOnlySpan<byte> AdviceResponseFields => [2, 3, 4, 6, 7, 10, 11, 32, 37, 39, 41, 42, 49, 51];

    /// <summary>Fields of an 0410 / 0430.</summary>
    private static ReadOnlySpan<byte> ReversalResponseFields => [2, 3, 4, 6, 7, 10, 11, 32, 37, 39, 49, 51, 90];

    /// <summary>Fields of an 0810.</summary>
    private static ReadOnlySpan<byte> NetworkResponseFields => [7, 11, 39, 70];

    /// <summary>Fields echoed when answering a request MTI the link does not define (link spec §9: 12): what the network matches on.</summary>
    private static ReadOnlySpan<byte> MatchingFields => [2, 3, 4, 7, 11, 32, 37, 39, 41, 42, 49];

    /// <summary>The answer to a decided 0100/0120/0400/0420 (or a repeat of one).</summary>
    public static bool WriteDecision(IBufferWriter<byte> output, IsoDialect dialect, FrameHeaderKind header, ReadOnlySpan<byte> frame, in IsoMessage request, in AuthorizationOutcome outcome)
    {
        var responseMti = ResponseMti(request.Mti);
        Span<byte> scratch = stackalloc byte[De54AdditionalAmounts.BlockLength];
        var writer = new IsoMessageWriter(output, dialect, header);
        writer.BeginMessage(responseMti);
        var partial = responseMti == 110 && outcome.ResponseCode == ResponseCode.PartialApproval;
        foreach (var field in FieldsOf(responseMti))
        {
            switch (field)
            {
                case 4 when partial:
                    writer.WriteNumber(4, outcome.ApprovedTransactionAmountMinor);
                    break;
                case 6 when partial && request.Has(6):
                    writer.WriteNumber(6, outcome.ApprovedAmountMinor);
                    break;
                case 38:
                    if (outcome.IsApproved && !outcome.ApprovalCode.IsNone)
                    {
                        var code = scratch[..ApprovalCode.Length];
                        outcome.ApprovalCode.WriteAscii(code);
                        writer.WriteField(38, code);
                    }

                    break;
                case 39:
                    WriteResponseCode(ref writer, (int)outcome.ResponseCode);
                    break;
                case 54:
                    if (outcome.HasAvailableBalance)
                    {
                        var block = scratch[..De54AdditionalAmounts.BlockLength];
                        if (De54AdditionalAmounts.TryWrite(outcome.AvailableBalanceMinor, block))
                        {
                            writer.WriteField(54, block);
                        }
                    }

                    break;
                default:
                    if (request.Has(field))
                    {
                        writer.CopyField(field, frame, in request);
                    }

                    break;
            }
        }

        return writer.Complete();
    }

    /// <summary>An answer decided by the link itself: 00 to network management, 30 to a malformed request, 12 to an undefined one.</summary>
    public static bool WriteImmediate(IBufferWriter<byte> output, IsoDialect dialect, FrameHeaderKind header, ReadOnlySpan<byte> frame, in IsoMessage request, int responseMti, int responseCode)
    {
        var writer = new IsoMessageWriter(output, dialect, header);
        writer.BeginMessage(responseMti);
        foreach (var field in FieldsOf(responseMti))
        {
            if (field == 39)
            {
                WriteResponseCode(ref writer, responseCode);
            }
            else if (request.Has(field))
            {
                writer.CopyField(field, frame, in request);
            }
        }

        return writer.Complete();
    }

    /// <summary>Pool's own echo test on an idle connection (link spec §4: 0800 with DE70 301).</summary>
    public static bool WriteEcho(IBufferWriter<byte> output, IsoDialect dialect, FrameHeaderKind header, DateTimeOffset nowUtc, int stan)
    {
        var writer = new IsoMessageWriter(output, dialect, header);
        writer.BeginMessage(800);
        writer.WriteNumber(7, (((((nowUtc.Month * 100L) + nowUtc.Day) * 100 + nowUtc.Hour) * 100 + nowUtc.Minute) * 100) + nowUtc.Second);
        writer.WriteNumber(11, stan);
        writer.WriteNumber(70, 301);
        return writer.Complete();
    }

    /// <summary>The answer's MTI: the request's (a repeat counts as its original, link spec §8) plus 10.</summary>
    public static int ResponseMti(int requestMti) => requestMti - (requestMti % 10) + 10;

    private static ReadOnlySpan<byte> FieldsOf(int responseMti) => responseMti switch
    {
        110 => AuthorizationResponseFields,
        130 => AdviceResponseFields,
        410 or 430 => ReversalResponseFields,
        810 => NetworkResponseFields,
        _ => MatchingFields,
    };

    private static void WriteResponseCode(ref IsoMessageWriter writer, int code)
    {
        Span<byte> digits = [(byte)('0' + (code / 10 % 10)), (byte)('0' + (code % 10))];
        writer.WriteField(39, digits);
    }
}
