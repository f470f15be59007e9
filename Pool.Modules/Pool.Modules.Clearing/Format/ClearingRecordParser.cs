using System.Diagnostics;
using System.Text;
using Pool.Modules.Clearing.Contracts;

namespace Pool.Modules.Clearing.Format;

/// <summary>
/// Validates one 168-character record field by field (clearing-file.md §2–§4) and reads it. Each method
/// returns false with the rejection that names the record number and the first field at fault. Spans only:
/// the strings made are the few a detail keeps (ARN, merchant, codes).
/// </summary>
/// <remarks>
/// Header:  | 90 | processing date (8) | file id (20) | sending institution (8) | spaces (130) |
/// Detail:  | TC | q | s | PAN (19) | ARN (23) | acquirer (8) | purchase date (8) | dest amount (12) | dest ccy (3)
///          | src amount (12) | src ccy (3) | merchant name (25) | city (13) | country (2) | MCC (4)
///          | auth code (6) | RRN (12) | POS (2) | seq no (2) | seq count (2) | spaces (8) |
/// Trailer: | 92 | count (9) | total debits (15) | total credits (15) | spaces (127) |
/// </remarks>
internal static class ClearingRecordParser
{
    public static bool TryReadTransactionCode(ReadOnlySpan<byte> record, int recordNumber, out int code, out ClearingRejection? rejection)
    {
        Debug.Assert(record.Length == ClearingLayout.RecordBytes, "the reader cuts records to length first");
        var read = TryNumber(record, ClearingFields.TransactionCode, recordNumber, out var value, out rejection);
        code = (int)value;
        return read;
    }

    public static bool TryParseHeader(ReadOnlySpan<byte> record, int recordNumber, out FileHeader? header, out ClearingRejection? rejection)
    {
        header = null;
        if (!TryDate(record, ClearingFields.ProcessingDate, recordNumber, out var processingDate, out rejection)
            || !TryText(record, ClearingFields.FileId, recordNumber, out var fileId, out rejection)
            || !TryNumber(record, ClearingFields.SendingInstitutionId, recordNumber, out var institution, out rejection)
            || !TrySpaces(record, ClearingFields.HeaderFiller, recordNumber, out rejection))
        {
            return false;
        }

        if (fileId.Length == 0)
        {
            rejection = new ClearingRejection(recordNumber, ClearingFields.FileId.Name, "spaces: a file needs an id");
            return false;
        }

        header = new FileHeader(processingDate, fileId, institution);
        return true;
    }

    public static bool TryParseTrailer(ReadOnlySpan<byte> record, int recordNumber, out FileTrailer? trailer, out ClearingRejection? rejection)
    {
        trailer = null;
        if (!TryNumber(record, ClearingFields.DetailCount, recordNumber, out var count, out rejection)
            || !TryNumber(record, ClearingFields.TotalDebits, recordNumber, out var debits, out rejection)
            || !TryNumber(record, ClearingFields.TotalCredits, recordNumber, out var credits, out rejection)
            || !TrySpaces(record, ClearingFields.TrailerFiller, recordNumber, out rejection))
        {
            return false;
        }

        trailer = new FileTrailer(count, debits, credits);
        return true;
    }

    /// <summary>Validates and reads a detail whose transaction code <paramref name="code"/> was read and is a detail code.</summary>
    public static bool TryParseDetail(ReadOnlySpan<byte> record, int recordNumber, int code, IPanTokenizer tokenizer, out DetailRecord detail, out ClearingRejection? rejection)
    {
        Debug.Assert(ClearingTransactionCodes.IsDetail(code), "the reader dispatches details only");
        detail = default;
        if (!TryExact(record, ClearingFields.Qualifier, recordNumber, 0, out rejection)
            || !TryExact(record, ClearingFields.RecordSequence, recordNumber, 0, out rejection)
            || !TryPrintable(record, ClearingFields.AccountNumber, recordNumber, out rejection)
            || !TryDigits(record, ClearingFields.Arn, recordNumber, out rejection)
            || !TryNumber(record, ClearingFields.AcquirerId, recordNumber, out var acquirerId, out rejection)
            || !TryDate(record, ClearingFields.PurchaseDate, recordNumber, out var purchaseDate, out rejection)
            || !TryNumber(record, ClearingFields.DestinationAmount, recordNumber, out var amount, out rejection)
            || !TryExact(record, ClearingFields.DestinationCurrency, recordNumber, ClearingLayout.JpyCurrencyCode, out rejection)
            || !TryNumber(record, ClearingFields.SourceAmount, recordNumber, out var sourceAmount, out rejection)
            || !TryNumber(record, ClearingFields.SourceCurrency, recordNumber, out var sourceCurrency, out rejection)
            || !TryText(record, ClearingFields.MerchantName, recordNumber, out var merchantName, out rejection)
            || !TryText(record, ClearingFields.MerchantCity, recordNumber, out var merchantCity, out rejection)
            || !TryText(record, ClearingFields.MerchantCountry, recordNumber, out var merchantCountry, out rejection)
            || !TryNumber(record, ClearingFields.Mcc, recordNumber, out var mcc, out rejection)
            || !TryText(record, ClearingFields.AuthorizationCode, recordNumber, out var authorizationCode, out rejection)
            || !TryText(record, ClearingFields.Rrn, recordNumber, out var rrn, out rejection)
            || !TryNumber(record, ClearingFields.PosEntryMode, recordNumber, out var posEntryMode, out rejection)
            || !TryNumber(record, ClearingFields.SequenceNumber, recordNumber, out var sequenceNumber, out rejection)
            || !TryNumber(record, ClearingFields.SequenceCount, recordNumber, out var sequenceCount, out rejection)
            || !TrySpaces(record, ClearingFields.DetailFiller, recordNumber, out rejection))
        {
            return false;
        }

        // §3: "01" of "01" for a single presentment; presentment n of m otherwise.
        if (sequenceCount < 1)
        {
            rejection = new ClearingRejection(recordNumber, ClearingFields.SequenceCount.Name, "must be 01 or more");
            return false;
        }

        if (sequenceNumber < 1 || sequenceNumber > sequenceCount)
        {
            rejection = new ClearingRejection(recordNumber, ClearingFields.SequenceNumber.Name, $"must be from 01 to the sequence count {sequenceCount:D2}");
            return false;
        }

        var token = Tokenize(ClearingFields.AccountNumber.Slice(record), tokenizer, out var bin, out var last4);
        detail = new DetailRecord
        {
            RecordNumber = recordNumber,
            Code = (ClearingTransactionCode)code,
            PanToken = token,
            Bin = bin,
            Last4 = last4,
            Arn = Encoding.ASCII.GetString(ClearingFields.Arn.Slice(record)),
            AcquirerId = acquirerId,
            PurchaseDate = purchaseDate,
            AmountMinor = amount,
            SourceAmountMinor = sourceAmount,
            SourceCurrencyCode = (short)sourceCurrency,
            MerchantName = merchantName,
            MerchantCity = merchantCity,
            MerchantCountry = merchantCountry,
            Mcc = (short)mcc,
            AuthorizationCode = authorizationCode.Length == 0 ? null : authorizationCode,
            Rrn = rrn.Length == 0 ? null : rrn,
            PosEntryMode = (short)posEntryMode,
            SequenceNumber = (short)sequenceNumber,
            SequenceCount = (short)sequenceCount,
        };
        return true;
    }

    /// <summary>
    /// The account number is an <c>A</c> field: a PAN is 12 to 19 digits, left-justified, space-padded. Anything
    /// else is not a card of ours (an exception at posting, not a rejection: the file is well-formed). The digits
    /// never leave this method: only the token, the BIN and the last four do.
    /// </summary>
    private static byte[]? Tokenize(ReadOnlySpan<byte> field, IPanTokenizer tokenizer, out string bin, out string last4)
    {
        bin = "";
        last4 = "";
        var digits = field.TrimEnd((byte)' ');
        if (digits.Length < ClearingLayout.PanDigitsMin || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return null;
        }

        var token = new byte[tokenizer.TokenBytes];
        tokenizer.Compute(digits, token);
        bin = Encoding.ASCII.GetString(digits[..6]);
        last4 = Encoding.ASCII.GetString(digits[^4..]);
        return token;
    }

    /// <summary>The one place a field check becomes a rejection: true when <paramref name="valid"/>, else the rejection naming the field.</summary>
    private static bool Check(bool valid, FieldSpec field, int recordNumber, string reason, out ClearingRejection? rejection)
    {
        rejection = valid ? null : new ClearingRejection(recordNumber, field.Name, reason);
        return valid;
    }

    private static bool TryDigits(ReadOnlySpan<byte> record, FieldSpec field, int recordNumber, out ClearingRejection? rejection)
    {
        Debug.Assert(field.Type == FieldType.Numeric, "numeric fields only");
        return Check(!field.Slice(record).ContainsAnyExceptInRange((byte)'0', (byte)'9'), field, recordNumber, "not digits", out rejection);
    }

    /// <summary>An <c>N</c> field of at most 18 digits (every one here is: the widest is 15).</summary>
    private static bool TryNumber(ReadOnlySpan<byte> record, FieldSpec field, int recordNumber, out long value, out ClearingRejection? rejection)
    {
        Debug.Assert(field.Length <= 18, "fits a long");
        value = 0;
        if (!TryDigits(record, field, recordNumber, out rejection))
        {
            return false;
        }

        foreach (var digit in field.Slice(record))
        {
            value = value * 10 + (digit - '0');
        }

        return true;
    }

    private static bool TryExact(ReadOnlySpan<byte> record, FieldSpec field, int recordNumber, long expected, out ClearingRejection? rejection)
    {
        // The reason is built only for a rejection: this runs three times per detail.
        return TryNumber(record, field, recordNumber, out var value, out rejection)
            && Check(value == expected, field, recordNumber, value == expected ? "" : $"must be {expected.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(field.Length, '0')}", out rejection);
    }

    private static bool TryDate(ReadOnlySpan<byte> record, FieldSpec field, int recordNumber, out DateOnly date, out ClearingRejection? rejection)
    {
        date = default;
        if (!TryNumber(record, field, recordNumber, out var value, out rejection))
        {
            return false;
        }

        int year = (int)(value / 10_000), month = (int)(value / 100 % 100), day = (int)(value % 100);
        var valid = year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
        if (!Check(valid, field, recordNumber, "not a date YYYYMMDD", out rejection))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryPrintable(ReadOnlySpan<byte> record, FieldSpec field, int recordNumber, out ClearingRejection? rejection)
    {
        Debug.Assert(field.Type == FieldType.Alphanumeric, "text fields only");
        return Check(!field.Slice(record).ContainsAnyExceptInRange((byte)' ', (byte)'~'), field, recordNumber, "not printable ASCII", out rejection);
    }

    /// <summary>An <c>A</c> field, read without its padding spaces.</summary>
    private static bool TryText(ReadOnlySpan<byte> record, FieldSpec field, int recordNumber, out string text, out ClearingRejection? rejection)
    {
        text = "";
        if (!TryPrintable(record, field, recordNumber, out rejection))
        {
            return false;
        }

        var value = field.Slice(record).TrimEnd((byte)' ');
        text = value.IsEmpty ? "" : Encoding.ASCII.GetString(value);
        return true;
    }

    private static bool TrySpaces(ReadOnlySpan<byte> record, FieldSpec field, int recordNumber, out ClearingRejection? rejection)
    {
        var valid = !field.Slice(record).ContainsAnyExcept((byte)' ');
        return Check(valid, field, recordNumber, valid ? "" : $"must be spaces (positions {field.Position}–{field.Position + field.Length - 1})", out rejection);
    }
}
