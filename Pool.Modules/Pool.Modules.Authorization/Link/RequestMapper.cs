using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Modules.Authorization.Link;

/// <summary>
/// Fills the engine's fixed-size <see cref="AuthorizationRequest"/> from a decoded 0100/0120/0400/0420
/// (and their repeats), without allocating. The codec has already checked every field's format; what is
/// left here is meaning that spans fields (DE90, DE95 positions) and the PAN's Luhn check and keyed hash.
/// </summary>
internal static class RequestMapper
{
    /// <summary>Length of DE90 (link spec §3: n42).</summary>
    private const int De90Length = 42;

    /// <summary>Length of DE95 (link spec §3: an42).</summary>
    private const int De95Length = 42;

    /// <summary>The PAN's longest form (link spec §3: n..19).</summary>
    private const int PanDigitsMax = 19;

    /// <summary>Maps a request MTI to the engine's kind; false for anything the link does not decide on.</summary>
    public static bool TryGetKind(int mti, out RequestKind kind, out bool isRepeat)
    {
        isRepeat = mti % 10 == 1;
        (kind, var known) = (mti - (isRepeat ? 1 : 0)) switch
        {
            100 => (RequestKind.Authorization, true),
            120 => (RequestKind.Advice, true),
            400 => (RequestKind.Reversal, true),
            420 => (RequestKind.ReversalAdvice, true),
            _ => (default, false),
        };
        return known;
    }

    /// <summary>
    /// Builds the request. False with the offending field when a field's content breaks a rule the codec
    /// cannot see (answered 30).
    /// </summary>
    public static bool TryMap(ReadOnlySpan<byte> frame, in IsoMessage message, IPanTokenizer tokenizer, out AuthorizationRequest request, out int badField)
    {
        request = default;
        badField = 0;
        if (!TryGetKind(message.Mti, out var kind, out var isRepeat))
        {
            return false;
        }

        if (!message.TryGetField(frame, 2, out var pan) || pan.Length > PanDigitsMax)
        {
            badField = 2;
            return false;
        }

        var panHash = default(PanHashBytes32);
        tokenizer.ComputeToken(pan, panHash);

        message.TryGetNumber(frame, 3, out var processingCode);
        message.TryGetNumber(frame, 4, out var amount);
        var hasDe6 = message.TryGetNumber(frame, 6, out var billingAmount);
        message.TryGetNumber(frame, 7, out var transmission);
        message.TryGetNumber(frame, 11, out var stan);
        message.TryGetNumber(frame, 14, out var expiry);
        message.TryGetNumber(frame, 18, out var mcc);
        message.TryGetNumber(frame, 19, out var country);
        message.TryGetNumber(frame, 22, out var posEntry);
        var hasDe25 = message.TryGetNumber(frame, 25, out var posCondition);
        message.TryGetNumber(frame, 32, out var acquirer);
        message.TryGetNumber(frame, 49, out var currency);
        message.TryGetNumber(frame, 51, out var billingCurrency);

        var original = default(TransactionKey);
        if (kind is RequestKind.Reversal or RequestKind.ReversalAdvice)
        {
            if (!message.TryGetField(frame, 90, out var de90) || !TryReadOriginal(de90, out original))
            {
                badField = 90;
                return false;
            }
        }

        long replacement = 0;
        long replacementBilling = 0;
        var hasDe95 = message.TryGetField(frame, 95, out var de95);
        if (hasDe95 && !TryReadReplacement(de95, out replacement, out replacementBilling))
        {
            badField = 95;
            return false;
        }

        var adviceCode = default(ResponseCode);
        var adviceApproval = ApprovalCode.None;
        if (kind == RequestKind.Advice)
        {
            if (!message.TryGetField(frame, 39, out var de39) || !TryReadResponseCode(de39, out adviceCode))
            {
                badField = 39;
                return false;
            }

            if (message.TryGetField(frame, 38, out var de38) && de38.Length == ApprovalCode.Length)
            {
                adviceApproval = ApprovalCode.FromAscii(de38);
            }
        }

        var rrn = default(RrnBytes12);
        if (message.TryGetField(frame, 37, out var de37))
        {
            de37[..Math.Min(de37.Length, 12)].CopyTo(rrn);
        }

        var merchant = default(MerchantNameBytes25);
        if (message.TryGetField(frame, 43, out var de43))
        {
            de43[..Math.Min(de43.Length, 25)].CopyTo(merchant);
        }

        var partial = message.TryGetField(frame, 48, out var de48) && de48.IndexOf("PA=Y"u8) >= 0;

        request = new AuthorizationRequest
        {
            Kind = kind,
            IsRepeat = isRepeat,
            De3ProcessingCode = (byte)(processingCode / 10_000),
            De4AmountMinor = amount,
            HasDe6 = hasDe6,
            De6BillingAmountMinor = billingAmount,
            De49CurrencyCode = (short)currency,
            De51BillingCurrencyCode = (short)billingCurrency,
            De14ExpiryYymm = (short)expiry,
            De18Mcc = (short)mcc,
            De19CountryCode = (short)country,
            De22PosEntryMode = (byte)(posEntry / 10),
            HasDe25 = hasDe25,
            De25PosConditionCode = (byte)posCondition,
            Key = new TransactionKey(acquirer, (int)stan, transmission),
            OriginalKey = original,
            HasDe95 = hasDe95,
            De95ReplacementAmountMinor = replacement,
            De95ReplacementBillingAmountMinor = replacementBilling,
            PartialApprovalSupported = partial,
            AdviceResponseCode = adviceCode,
            AdviceApprovalCode = adviceApproval,
            De37Rrn = rrn,
            De43MerchantName = merchant,
            PanHash = panHash,
            PanLuhnValid = Luhn.IsValid(pan),
        };
        return true;
    }

    /// <summary>
    /// DE90 (link spec §8): original MTI (4), original DE11 (6), original DE7 (10), original DE32
    /// right-justified zero-padded (11), forwarding institution (11).
    /// </summary>
    private static bool TryReadOriginal(ReadOnlySpan<byte> de90, out TransactionKey original)
    {
        original = default;
        if (de90.Length != De90Length
            || !TryParseDigits(de90.Slice(4, 6), out var stan)
            || !TryParseDigits(de90.Slice(10, 10), out var transmission)
            || !TryParseDigits(de90.Slice(20, 11), out var acquirer))
        {
            return false;
        }

        original = new TransactionKey(acquirer, (int)stan, transmission);
        return true;
    }

    /// <summary>DE95 (link spec §4 note 6): positions 1–12 the amount still authorized, 13–24 the same in billing currency.</summary>
    private static bool TryReadReplacement(ReadOnlySpan<byte> de95, out long amount, out long billing)
    {
        amount = 0;
        billing = 0;
        return de95.Length == De95Length
            && TryParseDigits(de95[..12], out amount)
            && TryParseDigits(de95.Slice(12, 12), out billing);
    }

    private static bool TryReadResponseCode(ReadOnlySpan<byte> de39, out ResponseCode code)
    {
        code = default;
        if (de39.Length != 2 || !TryParseDigits(de39, out var value))
        {
            return false;
        }

        // Any two digits are the network's decision; codes outside Pool's own list are declines.
        code = (ResponseCode)value;
        return true;
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var character in digits)
        {
            var digit = (uint)(character - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
