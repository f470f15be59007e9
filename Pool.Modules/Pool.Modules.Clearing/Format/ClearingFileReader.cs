using System.Buffers;
using System.IO.Pipelines;
using Pool.Modules.Clearing.Contracts;

namespace Pool.Modules.Clearing.Format;

/// <summary>
/// Streams a clearing file (clearing-file.md §1) through a <see cref="PipeReader"/>: records are cut at LF
/// (CRLF accepted), checked for length before anything else, parsed from spans, and handed to a sink. Memory
/// stays at the pipe's buffer whatever the file size. The trailer's count and totals are checked against the
/// details (§4). The first error stops reading and names the record and the field.
/// </summary>
internal sealed class ClearingFileReader(IPanTokenizer tokenizer, IClearingRecordSink sink, IProgress<ClearingProgress>? progress = null)
{
    /// <summary>Bytes the pipe asks the stream for at a time: about 390 records, a few system calls per MB.</summary>
    public const int ReadBufferBytes = 64 * 1024;

    /// <summary>How often reading reports progress, in detail records.</summary>
    public const long ProgressIntervalRecords = 100_000;

    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';

    private FileHeader? _header;
    private FileTrailer? _trailer;
    private int _recordNumber;
    private long _details;
    private long _debitsMinor;
    private long _creditsMinor;
    private ClearingRejection? _rejection;
    private bool _stopped;

    public async Task<ClearingReadResult> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferBytes, minimumReadSize: ReadBufferBytes / 4, leaveOpen: true));
        try
        {
            while (_rejection is null && !_stopped)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                var examined = buffer.End;
                try
                {
                    consumed = ConsumeRecords(buffer, result.IsCompleted);
                }
                finally
                {
                    reader.AdvanceTo(consumed, examined);
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }

        if (_rejection is null && !_stopped)
        {
            CheckEnd();
        }

        progress?.Report(new ClearingProgress("reading", _details, _details));
        return new ClearingReadResult(_header, _trailer, _recordNumber, _rejection, _stopped);
    }

    /// <summary>Handles every complete record in <paramref name="buffer"/>; returns how far it consumed.</summary>
    private SequencePosition ConsumeRecords(ReadOnlySequence<byte> buffer, bool isCompleted)
    {
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> copy = stackalloc byte[ClearingLayout.LineBytesMax];
        while (_rejection is null && !_stopped)
        {
            // Cut the input to the longest line before looking for its end: an overlong record is rejected,
            // never given a bigger buffer.
            var window = reader.UnreadSequence.Length > ClearingLayout.LineBytesMax
                ? reader.UnreadSequence.Slice(0, ClearingLayout.LineBytesMax)
                : reader.UnreadSequence;
            var end = window.PositionOf(LineFeed);
            if (end is null)
            {
                if (window.Length == ClearingLayout.LineBytesMax || (isCompleted && window.Length > 0))
                {
                    var recordNumber = _recordNumber + 1;
                    Reject(recordNumber, "record", window.Length == ClearingLayout.LineBytesMax
                        ? $"longer than {ClearingLayout.RecordBytes} characters"
                        : "not ended by LF");
                }

                break;
            }

            var line = window.Slice(0, end.Value);
            reader.Advance(line.Length + 1);
            scoped ReadOnlySpan<byte> bytes;
            if (line.IsSingleSegment)
            {
                bytes = line.FirstSpan;
            }
            else
            {
                line.CopyTo(copy);
                bytes = copy[..(int)line.Length];
            }

            if (bytes.Length > 0 && bytes[^1] == CarriageReturn)
            {
                bytes = bytes[..^1];
            }

            _recordNumber++;
            if (bytes.Length != ClearingLayout.RecordBytes)
            {
                Reject(_recordNumber, "record", $"{bytes.Length} characters, not {ClearingLayout.RecordBytes}");
                break;
            }

            OnRecord(bytes);
        }

        return reader.Position;
    }

    private void OnRecord(ReadOnlySpan<byte> record)
    {
        if (!ClearingRecordParser.TryReadTransactionCode(record, _recordNumber, out var code, out _rejection))
        {
            return;
        }

        if (_trailer is not null)
        {
            Reject(_recordNumber, ClearingFields.TransactionCode.Name, "a record after the trailer");
            return;
        }

        if (_header is null)
        {
            if (code != (int)ClearingTransactionCode.Header)
            {
                Reject(_recordNumber, ClearingFields.HeaderTransactionCode.Name, "the first record must be a header (90)");
                return;
            }

            if (ClearingRecordParser.TryParseHeader(record, _recordNumber, out _header, out _rejection))
            {
                _stopped = !sink.OnHeader(_header!);
            }

            return;
        }

        if (code == (int)ClearingTransactionCode.Trailer)
        {
            ClearingRecordParser.TryParseTrailer(record, _recordNumber, out _trailer, out _rejection);
            return;
        }

        if (!ClearingTransactionCodes.IsDetail(code))
        {
            Reject(_recordNumber, ClearingFields.TransactionCode.Name, $"{code:D2} is not a detail code (05, 06, 07, 25, 26, 27)");
            return;
        }

        if (!ClearingRecordParser.TryParseDetail(record, _recordNumber, code, tokenizer, out var detail, out _rejection))
        {
            return;
        }

        _details++;
        if (ClearingTransactionCodes.IsDebit(detail.Code))
        {
            _debitsMinor += detail.AmountMinor;
        }
        else
        {
            _creditsMinor += detail.AmountMinor;
        }

        sink.OnDetail(in detail);
        if (_details % ProgressIntervalRecords == 0)
        {
            progress?.Report(new ClearingProgress("reading", _details, null));
        }
    }

    /// <summary>The file ended: it must have had a header and ended with a trailer that agrees with the details (§4, §5).</summary>
    private void CheckEnd()
    {
        if (_header is null)
        {
            Reject(1, "record", "the file is empty: no header");
            return;
        }

        if (_trailer is null)
        {
            Reject(_recordNumber, ClearingFields.TrailerTransactionCode.Name, "the last record must be a trailer (92)");
            return;
        }

        if (_trailer.DetailCount != _details)
        {
            Reject(_recordNumber, ClearingFields.DetailCount.Name, $"{_trailer.DetailCount} in the trailer, {_details} in the file");
        }
        else if (_trailer.TotalDebitsMinor != _debitsMinor)
        {
            Reject(_recordNumber, ClearingFields.TotalDebits.Name, $"{_trailer.TotalDebitsMinor} in the trailer, {_debitsMinor} in the details (TC 05, 07, 26)");
        }
        else if (_trailer.TotalCreditsMinor != _creditsMinor)
        {
            Reject(_recordNumber, ClearingFields.TotalCredits.Name, $"{_trailer.TotalCreditsMinor} in the trailer, {_creditsMinor} in the details (TC 06, 25, 27)");
        }
    }

    private void Reject(int recordNumber, string field, string reason) => _rejection = new ClearingRejection(recordNumber, field, reason);
}
