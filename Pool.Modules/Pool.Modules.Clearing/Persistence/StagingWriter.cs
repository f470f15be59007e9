using System.Buffers.Binary;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pool.Modules.Clearing.Format;
using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing.Persistence;

/// <summary>
/// The sink that stages a file while it is read: on the header it checks whether the file id is known, then
/// copies every detail (binary COPY) into a temporary table of the import's transaction. Nothing reaches
/// <c>clearing.details</c> until the whole file was read and checked; a rejected file rolls the transaction
/// back and leaves no trace. It also gathers the distinct PAN tokens, to resolve the cards afterwards.
/// </summary>
/// <remarks>
/// The reader calls sinks synchronously (spans cannot cross an await), so the COPY is written with Npgsql's
/// synchronous API; it blocks only when its 8 KB buffer goes to the server.
/// </remarks>
internal sealed class StagingWriter(NpgsqlConnection connection) : IClearingRecordSink, IDisposable
{
    public const string IncomingTable = "clearing_incoming";

    private const string CreateIncomingSql = $"""
        CREATE TEMP TABLE {IncomingTable} (
            record_number integer NOT NULL, transaction_code smallint NOT NULL, arn text NOT NULL, pan_token bytea NULL,
            bin text NOT NULL, last4 text NOT NULL, acquirer_id bigint NOT NULL, purchase_date date NOT NULL, amount bigint NOT NULL,
            source_amount bigint NOT NULL, source_currency smallint NOT NULL, merchant_name text NOT NULL, merchant_city text NOT NULL,
            merchant_country text NOT NULL, mcc smallint NOT NULL, approval_code text NULL, rrn text NULL, pos_entry_mode smallint NOT NULL,
            sequence_number smallint NOT NULL, sequence_count smallint NOT NULL
        ) ON COMMIT DROP
        """;

    private const string CopySql = $"""
        COPY {IncomingTable} (record_number, transaction_code, arn, pan_token, bin, last4, acquirer_id, purchase_date, amount,
            source_amount, source_currency, merchant_name, merchant_city, merchant_country, mcc, approval_code, rrn, pos_entry_mode,
            sequence_number, sequence_count) FROM STDIN (FORMAT BINARY)
        """;

    private const string FileStateSql = "SELECT state FROM clearing.files WHERE file_id = @fileId";

    private NpgsqlBinaryImporter? _importer;

    /// <summary>The header's file id, once read.</summary>
    public FileHeader? Header { get; private set; }

    /// <summary>The state of an earlier import of the same file id, or null when the file id is new.</summary>
    public ImportState? KnownState { get; private set; }

    /// <summary>Details copied.</summary>
    public long Staged { get; private set; }

    /// <summary>The first 16 bytes of every PAN token in the file: the filter for the card directory scan.</summary>
    public HashSet<UInt128> TokenPrefixes { get; } = [];

    public bool OnHeader(FileHeader header)
    {
        Header = header;
        var state = connection.QuerySingleOrDefault<short?>(FileStateSql, new { fileId = header.FileId });
        if (state is { } known)
        {
            KnownState = (ImportState)known;
            return false;
        }

        connection.Execute(CreateIncomingSql);
        _importer = connection.BeginBinaryImport(CopySql);
        return true;
    }

    public void OnDetail(in DetailRecord detail)
    {
        var importer = _importer ?? throw new InvalidOperationException("A detail before the header.");
        importer.StartRow();
        importer.Write(detail.RecordNumber, NpgsqlDbType.Integer);
        importer.Write((short)detail.Code, NpgsqlDbType.Smallint);
        importer.Write(detail.Arn, NpgsqlDbType.Text);
        if (detail.PanToken is { } token)
        {
            importer.Write(token, NpgsqlDbType.Bytea);
            TokenPrefixes.Add(BinaryPrimitives.ReadUInt128LittleEndian(token));
        }
        else
        {
            importer.WriteNull();
        }

        importer.Write(detail.Bin, NpgsqlDbType.Text);
        importer.Write(detail.Last4, NpgsqlDbType.Text);
        importer.Write(detail.AcquirerId, NpgsqlDbType.Bigint);
        importer.Write(detail.PurchaseDate, NpgsqlDbType.Date);
        importer.Write(detail.AmountMinor, NpgsqlDbType.Bigint);
        importer.Write(detail.SourceAmountMinor, NpgsqlDbType.Bigint);
        importer.Write(detail.SourceCurrencyCode, NpgsqlDbType.Smallint);
        importer.Write(detail.MerchantName, NpgsqlDbType.Text);
        importer.Write(detail.MerchantCity, NpgsqlDbType.Text);
        importer.Write(detail.MerchantCountry, NpgsqlDbType.Text);
        importer.Write(detail.Mcc, NpgsqlDbType.Smallint);
        WriteNullable(importer, detail.AuthorizationCode);
        WriteNullable(importer, detail.Rrn);
        importer.Write(detail.PosEntryMode, NpgsqlDbType.Smallint);
        importer.Write(detail.SequenceNumber, NpgsqlDbType.Smallint);
        importer.Write(detail.SequenceCount, NpgsqlDbType.Smallint);
        Staged++;
    }

    /// <summary>Ends the COPY (the rows are in the temporary table, still uncommitted).</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_importer is not null)
        {
            await _importer.CompleteAsync(cancellationToken);
            await _importer.DisposeAsync();
            _importer = null;
        }
    }

    public void Dispose()
    {
        // Disposing an uncompleted importer cancels the COPY; the caller rolls the transaction back.
        _importer?.Dispose();
        _importer = null;
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }
}
