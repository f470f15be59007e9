using System.Buffers.Binary;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pool.Modules.Clearing.Format;
using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing.Persistence;

/// <summary>
/// The sink that stages a file while it is read, in the import's transaction: on the header it inserts the
/// file's row (a second import of the same file id waits there for the first one's staging, then finds the row),
/// then copies every detail (binary COPY) straight into <c>clearing.details</c>. Nothing is visible to anyone
/// until the whole file was read and checked and the transaction commits; a rejected file rolls it back and
/// leaves no trace. It also gathers the distinct PAN tokens, to resolve the cards afterwards.
/// </summary>
/// <remarks>
/// The COPY cannot skip a detail whose (transaction code, ARN) was imported before, so the unique constraint is
/// deferred for the transaction and checked once the file is in (<see cref="FileStore.DropDuplicatesAsync"/>).
/// The reader calls sinks synchronously (spans cannot cross an await), so the COPY is written with Npgsql's
/// synchronous API; it blocks only when its 8 KB buffer goes to the server.
/// </remarks>
internal sealed class StagingWriter(NpgsqlConnection connection, string importedBy, DateTimeOffset startedAt) : IClearingRecordSink, IDisposable
{
    private const string CopySql = """
        COPY clearing.details (file_id, record_number, transaction_code, arn, pan_token, bin, last4, acquirer_id, purchase_date, amount,
            source_amount, source_currency, merchant_name, merchant_city, merchant_country, mcc, approval_code, rrn, pos_entry_mode,
            sequence_number, sequence_count) FROM STDIN (FORMAT BINARY)
        """;

    private const string DeferUniqueSql = "SET CONSTRAINTS clearing.details_transaction_code_arn DEFERRED";

    private const string FileStateSql = "SELECT state FROM clearing.files WHERE file_id = @fileId";

    private NpgsqlBinaryImporter? _importer;

    /// <summary>The header's file id, once read.</summary>
    public FileHeader? Header { get; private set; }

    /// <summary>The state of an earlier import of the same file id, or null when the file id is new.</summary>
    public ImportState? KnownState { get; private set; }

    /// <summary>Details copied.</summary>
    public long Staged { get; private set; }

    /// <summary>Details whose account number is not a PAN (no token): exceptions at posting.</summary>
    public long WithoutToken { get; private set; }

    /// <summary>The first 16 bytes of every PAN token in the file: the filter for the card directory scan.</summary>
    public HashSet<UInt128> TokenPrefixes { get; } = [];

    public bool OnHeader(FileHeader header)
    {
        Header = header;
        // The trailer's figures are written once it is read and checked (FileStore.CompleteStagingAsync).
        if (!FileStore.TryInsertStaging(connection, header, importedBy, startedAt))
        {
            var state = connection.QuerySingleOrDefault<short?>(FileStateSql, new { fileId = header.FileId });
            KnownState = state is { } known ? (ImportState)known : ImportState.Staged;
            return false;
        }

        connection.Execute(DeferUniqueSql);
        _importer = connection.BeginBinaryImport(CopySql);
        return true;
    }

    public void OnDetail(in DetailRecord detail)
    {
        var importer = _importer ?? throw new InvalidOperationException("A detail before the header.");
        importer.StartRow();
        importer.Write(Header!.FileId, NpgsqlDbType.Text);
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
            WithoutToken++;
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

    /// <summary>Ends the COPY (the rows are in <c>clearing.details</c>, uncommitted).</summary>
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
