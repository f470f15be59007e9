using System.Globalization;
using System.Text;

namespace Pool.Tests.Clearing;

/// <summary>Builds clearing files (clearing-file.md) for tests: records of exactly 168 characters, totals computed.</summary>
internal sealed class ClearingFileText
{
    private static int _arns;
    private readonly List<string> _details = [];
    private long _debits;
    private long _credits;

    public ClearingFileText(string? fileId = null, string processingDate = "20261127")
    {
        FileId = fileId ?? "T" + Guid.NewGuid().ToString("N")[..19].ToUpperInvariant();
        ProcessingDate = processingDate;
    }

    public string FileId { get; }

    public string ProcessingDate { get; }

    public int Count => _details.Count;

    /// <summary>A fresh 23-digit ARN.</summary>
    public static string NewArn() =>
        "74" + Random.Shared.NextInt64(1_000_000_000_000L, 9_999_999_999_999L).ToString(CultureInfo.InvariantCulture)
        + Interlocked.Increment(ref _arns).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>Adds a detail record; returns its ARN.</summary>
    public string Add(
        string code, string pan, long amountMinor, string? approvalCode = null, string? rrn = null, string? arn = null,
        long acquirerId = 123456, string purchaseDate = "20261124", int sequenceNumber = 1, int sequenceCount = 1)
    {
        arn ??= NewArn();
        _details.Add(Detail(code, pan, amountMinor, approvalCode, rrn, arn, acquirerId, purchaseDate, sequenceNumber, sequenceCount));
        if (code is "05" or "07" or "26")
        {
            _debits += amountMinor;
        }
        else
        {
            _credits += amountMinor;
        }

        return arn;
    }

    public static string Detail(
        string code, string pan, long amountMinor, string? approvalCode, string? rrn, string arn,
        long acquirerId = 123456, string purchaseDate = "20261124", int sequenceNumber = 1, int sequenceCount = 1)
    {
        var c = CultureInfo.InvariantCulture;
        var record = new StringBuilder()
            .Append(code).Append('0').Append('0')
            .Append(pan.PadRight(19))
            .Append(arn)
            .Append(acquirerId.ToString("D8", c))
            .Append(purchaseDate)
            .Append(amountMinor.ToString("D12", c)).Append("392")
            .Append(amountMinor.ToString("D12", c)).Append("392")
            .Append("SEVEN MART SHIBUYA".PadRight(25))
            .Append("TOKYO".PadRight(13))
            .Append("JP")
            .Append("5499")
            .Append((approvalCode ?? "").PadRight(6))
            .Append((rrn ?? "").PadRight(12))
            .Append("05")
            .Append(sequenceNumber.ToString("D2", c))
            .Append(sequenceCount.ToString("D2", c))
            .Append(new string(' ', 8))
            .ToString();
        Assert.That(record, Has.Length.EqualTo(168));
        return record;
    }

    public string Header() => ("90" + ProcessingDate + FileId.PadRight(20) + "00999999").PadRight(168);

    public string Trailer() => string.Create(CultureInfo.InvariantCulture, $"92{_details.Count:D9}{_debits:D15}{_credits:D15}").PadRight(168);

    public IEnumerable<string> Records() => [Header(), .. _details, Trailer()];

    public string Text(string newline = "\n") => string.Concat(Records().Select(r => r + newline));

    public byte[] Bytes(string newline = "\n") => Encoding.ASCII.GetBytes(Text(newline));

    public MemoryStream Stream(string newline = "\n") => new(Bytes(newline));
}
