using Pool.Authorization.Engine.Codec;

namespace Pool.Benchmarks.Load;

/// <summary>
/// Checks an answer against its request and the per-card model: the response MTI (request + 10), the key
/// (DE7, DE32), every field link spec §4 marks "E" that the request carried, DE39 against what the model
/// allows, and for approvals and inquiries DE38 and DE54 (§4 notes 2 and 5), DE54's balance within the
/// bounds the model knows.
/// </summary>
internal static class AnswerCheck
{
    /// <summary>Link spec §4 note 5: account type 00, amount type 02, currency 392, then the sign.</summary>
    private static ReadOnlySpan<byte> De54Prefix => "0002392"u8;

    public static AnswerOutcome Check(ReadOnlySpan<byte> requestMessage, ReadOnlySpan<byte> answerMessage, in IsoMessage answer, LoadRequestKind kind, ExpectedAnswer expected, LoadCard card, out string? problem)
    {
        problem = null;
        if (!IsoMessageReader.TryRead(requestMessage, IsoDialects.PoolLink, out var request, out _))
        {
            throw new InvalidOperationException("The generator cannot read its own request.");
        }

        if (!SameField(requestMessage, in request, answerMessage, in answer, 7) || !SameField(requestMessage, in request, answerMessage, in answer, 32))
        {
            problem = "DE7 or DE32 differ from the request with this STAN";
            return AnswerOutcome.WrongKey;
        }

        if (answer.Mti != request.Mti + 10)
        {
            problem = $"answered with MTI {answer.Mti:D4} to an {request.Mti:D4}";
            return AnswerOutcome.WrongEcho;
        }

        foreach (var field in LinkEchoes.For(request.Mti))
        {
            if (request.Has(field) && !SameField(requestMessage, in request, answerMessage, in answer, field))
            {
                problem = $"DE{field} is not echoed unchanged";
                return AnswerOutcome.WrongEcho;
            }
        }

        if (!answer.TryGetField(answerMessage, 39, out var code) || code.Length != 2)
        {
            problem = "no DE39";
            return AnswerOutcome.WrongCode;
        }

        var approved = code.SequenceEqual("00"u8);
        var allowed = expected switch
        {
            ExpectedAnswer.Approved => approved,
            ExpectedAnswer.InsufficientFunds => code.SequenceEqual("51"u8),
            _ => approved || code.SequenceEqual("51"u8),
        };
        if (!allowed)
        {
            problem = $"DE39 {(char)code[0]}{(char)code[1]}, expected {expected}";
            return AnswerOutcome.WrongCode;
        }

        if (request.Mti != 100 || !approved)
        {
            return AnswerOutcome.Ok;
        }

        if (kind != LoadRequestKind.Inquiry && (!answer.TryGetField(answerMessage, 38, out var approvalCode) || approvalCode.Length != 6))
        {
            problem = "an approval without a 6-character DE38";
            return AnswerOutcome.WrongAmounts;
        }

        // Available after the decision: at most the deposit less this hold (it is open: it cannot be reversed
        // before it is answered), at least the deposit less every hold this run has asked for on the card.
        var heldAtLeast = kind == LoadRequestKind.Inquiry ? 0 : request.TryGetNumber(requestMessage, request.Has(6) ? 6 : 4, out var amount) ? amount : 0;
        var highest = card.DepositMinor - heldAtLeast;
        var lowest = card.DepositMinor - card.SentHoldMinor;
        if (!answer.TryGetField(answerMessage, 54, out var de54) || de54.Length != 20 || !de54[..7].SequenceEqual(De54Prefix)
            || !LinkRequestWriter.TryParseDigits(de54[8..], out var balance))
        {
            problem = "DE54 missing or not one 20-character available-balance block";
            return AnswerOutcome.WrongAmounts;
        }

        var signed = de54[7] == (byte)'D' ? -balance : de54[7] == (byte)'C' ? balance : long.MinValue;
        if (signed < lowest || signed > highest)
        {
            problem = $"DE54 available {signed}, the model allows {lowest}..{highest}";
            return AnswerOutcome.WrongAmounts;
        }

        return AnswerOutcome.Ok;
    }

    private static bool SameField(ReadOnlySpan<byte> requestMessage, in IsoMessage request, ReadOnlySpan<byte> answerMessage, in IsoMessage answer, int field) =>
        request.TryGetField(requestMessage, field, out var sent) && answer.TryGetField(answerMessage, field, out var received) && sent.SequenceEqual(received);
}
