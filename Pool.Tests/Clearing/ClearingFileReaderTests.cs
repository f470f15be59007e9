using System.Text;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Clearing.Format;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Clearing;

/// <summary>The streaming reader: clearing-file.md §1–§4 and the §5 rejections, each naming the record and the field.</summary>
[TestFixture]
public sealed class ClearingFileReaderTests
{
    private static byte[] SpecFile => File.ReadAllBytes(SpecExamples.ClearingSmallPath);

    private static string[] SpecRecords => Encoding.ASCII.GetString(SpecFile).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public async Task SpecExample_IsRead_WithItsHeaderThreeDetailsAndCheckedTrailer()
    {
        var (result, sink) = await ReadAsync(SpecFile);

        Assert.That(result.Rejection, Is.Null);
        Assert.That(result.IsComplete, Is.True);
        Assert.That(result.RecordsRead, Is.EqualTo(5));
        Assert.That(sink.Header, Is.EqualTo(new FileHeader(new DateOnly(2026, 11, 27), "POOLCLR20261127001", 999999)));
        Assert.That(result.Trailer, Is.EqualTo(new FileTrailer(3, 1_880, 500)));
        Assert.That(sink.Details.Select(d => (d.Code, d.AmountMinor)), Is.EqualTo(new[]
        {
            (ClearingTransactionCode.Purchase, 1_180L), (ClearingTransactionCode.Credit, 500L), (ClearingTransactionCode.Purchase, 700L),
        }));
        var purchase = sink.Details[0];
        Assert.That(
            (purchase.Arn, purchase.AcquirerId, purchase.PurchaseDate, purchase.AuthorizationCode, purchase.Rrn, purchase.Mcc, purchase.Bin, purchase.Last4),
            Is.EqualTo(("74123450000000000000123", 123456L, new DateOnly(2026, 11, 26), (string?)"A1B2C3", (string?)"432812345678", (short)5499, "424242", "4242")));
        Assert.That(sink.Details[1].AuthorizationCode, Is.Null, "spaces mean no authorization code");
        Assert.That(purchase.PanToken, Has.Length.EqualTo(32));
    }

    [Test]
    public async Task CrlfLineEnds_AreAccepted()
    {
        var crlf = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(SpecFile).Replace("\n", "\r\n", StringComparison.Ordinal));

        var (result, sink) = await ReadAsync(crlf);

        Assert.That(result.Rejection, Is.Null);
        Assert.That(sink.Details, Has.Count.EqualTo(3));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(167)]
    [TestCase(170)]
    public async Task File_SplitIntoAnyChunkSize_ReadsTheSame(int chunkBytes)
    {
        var (result, sink) = await ReadAsync(new TrickleStream(SpecFile, chunkBytes));

        Assert.That(result.Rejection, Is.Null);
        Assert.That(sink.Details.Select(d => d.Arn), Is.EqualTo(new[] { "74123450000000000000123", "74123450000000000000124", "74123450000000000000125" }));
    }

    // Each case corrupts one record of the spec's file (records are 0-based here, the rejection's number 1-based).
    [TestCase(1, 63, "00000000118X", 2, "destination amount", "not digits", Description = "an N field with a letter")]
    [TestCase(1, 75, "840", 2, "destination currency code", "must be 392", Description = "destination is always JPY")]
    [TestCase(1, 93, "SEVEN\u0001MART", 2, "merchant name", "not printable ASCII", Description = "an A field with a control byte")]
    [TestCase(1, 24, "7412345000000000000012X", 2, "acquirer reference number", "not digits", Description = "the ARN is N")]
    [TestCase(1, 55, "20261131", 2, "purchase date", "not a date YYYYMMDD", Description = "November has 30 days")]
    [TestCase(1, 157, "03", 2, "clearing sequence number", "must be from 01", Description = "sequence 3 of 1")]
    [TestCase(1, 159, "00", 2, "clearing sequence count", "must be 01 or more", Description = "a count of zero")]
    [TestCase(1, 161, "X", 2, "spaces", "must be spaces", Description = "the filler is spaces")]
    [TestCase(1, 1, "08", 2, "transaction code", "08 is not a detail code", Description = "08 is no detail code")]
    [TestCase(1, 3, "1", 2, "qualifier", "must be 0", Description = "qualifier is 0")]
    [TestCase(0, 1, "91", 1, "transaction code", "the first record must be a header", Description = "the first record is not a header")]
    [TestCase(0, 3, "2026133X", 1, "processing date", "not digits", Description = "header date")]
    [TestCase(4, 3, "000000004", 5, "number of detail records", "4 in the trailer, 3 in the file", Description = "trailer count")]
    [TestCase(4, 12, "000000000001881", 5, "total debits", "1881 in the trailer, 1880", Description = "debits are 05, 07, 26")]
    [TestCase(4, 27, "000000000000501", 5, "total credits", "501 in the trailer, 500", Description = "credits are 06, 25, 27")]
    public async Task CorruptField_RejectsTheFile_NamingRecordAndField(int record, int position, string replacement, int expectedRecord, string expectedField, string reasonStart)
    {
        var records = SpecRecords;
        records[record] = records[record][..(position - 1)] + replacement + records[record][(position - 1 + replacement.Length)..];

        var (result, _) = await ReadAsync(Encoding.ASCII.GetBytes(string.Concat(records.Select(r => r + "\n"))));

        Assert.That(result.Rejection, Is.Not.Null);
        Assert.That((result.Rejection!.RecordNumber, result.Rejection.Field), Is.EqualTo((expectedRecord, expectedField)), result.Rejection.ToString());
        Assert.That(result.Rejection.Reason, Does.StartWith(reasonStart));
    }

    [Test]
    public async Task RecordOfWrongLength_RejectsTheFile_NamingTheRecord()
    {
        var records = SpecRecords;
        records[2] = records[2][..^1];

        var (result, _) = await ReadAsync(Encoding.ASCII.GetBytes(string.Concat(records.Select(r => r + "\n"))));

        Assert.That(result.Rejection, Is.EqualTo(new ClearingRejection(3, "record", "167 characters, not 168")));
    }

    [Test]
    public async Task OverlongRecord_IsRejected_WithoutWaitingForItsEnd()
    {
        var records = SpecRecords;
        records[1] += new string(' ', 5_000);

        var (result, _) = await ReadAsync(Encoding.ASCII.GetBytes(string.Concat(records.Select(r => r + "\n"))));

        Assert.That((result.Rejection!.RecordNumber, result.Rejection.Field, result.Rejection.Reason), Is.EqualTo((2, "record", "longer than 168 characters")));
    }

    [Test]
    public async Task MissingTrailer_RejectsTheFile_AtTheLastRecord()
    {
        var records = SpecRecords[..4];

        var (result, _) = await ReadAsync(Encoding.ASCII.GetBytes(string.Concat(records.Select(r => r + "\n"))));

        Assert.That((result.Rejection!.RecordNumber, result.Rejection.Field), Is.EqualTo((4, "transaction code")));
        Assert.That(result.Rejection.Reason, Does.Contain("trailer"));
    }

    [Test]
    public async Task RecordAfterTheTrailer_RejectsTheFile()
    {
        var records = SpecRecords.Append(SpecRecords[1]);

        var (result, _) = await ReadAsync(Encoding.ASCII.GetBytes(string.Concat(records.Select(r => r + "\n"))));

        Assert.That((result.Rejection!.RecordNumber, result.Rejection.Field, result.Rejection.Reason), Is.EqualTo((6, "transaction code", "a record after the trailer")));
    }

    [Test]
    public async Task LastRecordWithoutLineFeed_IsRejected()
    {
        var (result, _) = await ReadAsync(SpecFile[..^1]);

        Assert.That((result.Rejection!.RecordNumber, result.Rejection.Field, result.Rejection.Reason), Is.EqualTo((5, "record", "not ended by LF")));
    }

    [Test]
    public async Task EmptyFile_IsRejected_AsHavingNoHeader()
    {
        var (result, _) = await ReadAsync([]);

        Assert.That((result.Rejection!.RecordNumber, result.Rejection.Field), Is.EqualTo((1, "record")));
    }

    [Test]
    public async Task AccountNumberThatIsNoPan_IsReadWithoutToken_NotRejected()
    {
        var records = SpecRecords;
        records[1] = records[1][..4] + "NOT-A-PAN".PadRight(19) + records[1][23..];

        var (result, sink) = await ReadAsync(Encoding.ASCII.GetBytes(string.Concat(records.Select(r => r + "\n"))));

        Assert.That(result.Rejection, Is.Null);
        Assert.That((sink.Details[0].PanToken, sink.Details[0].Bin, sink.Details[0].Last4), Is.EqualTo(((byte[]?)null, "", "")));
    }

    [Test]
    public async Task SinkThatStopsAtTheHeader_StopsTheReading()
    {
        var sink = new CollectingSink(continueAfterHeader: false);

        var result = await new ClearingFileReader(new FakePanTokenizer(), sink).ReadAsync(new MemoryStream(SpecFile), CancellationToken.None);

        Assert.That((result.Stopped, result.Rejection, sink.Details.Count), Is.EqualTo((true, (ClearingRejection?)null, 0)));
    }

    [Test]
    public async Task LargeFile_IsStreamed_WithMemoryThatDoesNotGrowWithTheFile()
    {
        // 200,000 records (34 MB) read from a generating stream: if the reader kept the file, the heap would
        // grow by the file's size.
        const int details = 200_000;
        var sink = new CountingSink();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var progress = new SyncProgress(_ => peak = Math.Max(peak, GC.GetTotalMemory(false) - before));

        var result = await new ClearingFileReader(new FakePanTokenizer(), sink, progress).ReadAsync(new GeneratedFileStream(details), CancellationToken.None);

        Assert.That(result.Rejection, Is.Null, result.Rejection?.ToString());
        Assert.That(sink.Count, Is.EqualTo(details));
        Assert.That(peak, Is.LessThan(16 * 1024 * 1024), "heap growth while reading a 34 MB file");
    }

    private static Task<(ClearingReadResult Result, CollectingSink Sink)> ReadAsync(byte[] bytes) => ReadAsync(new MemoryStream(bytes));

    private static async Task<(ClearingReadResult Result, CollectingSink Sink)> ReadAsync(Stream stream)
    {
        var sink = new CollectingSink();
        var result = await new ClearingFileReader(new FakePanTokenizer(), sink).ReadAsync(stream, CancellationToken.None);
        return (result, sink);
    }

    private sealed class CountingSink : IClearingRecordSink
    {
        public long Count { get; private set; }

        public bool OnHeader(FileHeader header) => true;

        public void OnDetail(in DetailRecord detail) => Count++;
    }

    private sealed class SyncProgress(Action<ClearingProgress> report) : IProgress<ClearingProgress>
    {
        public void Report(ClearingProgress value) => report(value);
    }
}
