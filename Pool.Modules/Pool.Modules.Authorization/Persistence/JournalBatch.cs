using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pool.Authorization.Engine.Journal;
using Pool.Modules.Authorization.Engine;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>
/// One committed journal batch as stored in <c>authorization.journal</c>: its position, the epoch that
/// committed it, the records' bytes (<see cref="JournalRecord"/> has no references, so its bytes are the
/// record) and the admin commands' contexts by record index.
/// </summary>
internal sealed class JournalBatch
{
    /// <summary>Bytes per record; stored with each batch so a layout change is detected instead of misread.</summary>
    public static readonly int RecordSize = Unsafe.SizeOf<JournalRecord>();

    public JournalBatch(long position, long epoch, byte[]? records, IReadOnlyList<(int Index, AdminCommandContext Context)> admin, int count = 0)
    {
        Position = position;
        Epoch = epoch;
        Records = records;
        Count = records is null ? count : records.Length / RecordSize;
        AdminIndexes = admin.Select(a => a.Index).ToArray();
        AdminKeys = admin.Select(a => a.Context.IdempotencyKey).ToArray();
        AdminReferences = admin.Select(a => a.Context.Reference).ToArray();
        AdminCodes = admin.Select(a => (short)a.Context.CreditCode).ToArray();
        Admin = admin;
    }

    public long Position { get; }

    public long Epoch { get; }

    /// <summary>The records' bytes; null when the projector's queue was full and they are read back from the table.</summary>
    public byte[]? Records { get; }

    public int Count { get; }

    public ReadOnlySpan<JournalRecord> Span => MemoryMarshal.Cast<byte, JournalRecord>(Records ?? throw new InvalidOperationException($"Batch {Position} was not kept in memory."));

    public int[] AdminIndexes { get; }

    public string[] AdminKeys { get; }

    public string?[] AdminReferences { get; }

    /// <summary>What each admin deposit credits (<see cref="AdminCommandContext.CreditCode"/>): a yield or cashback credit stays one after a crash.</summary>
    public short[] AdminCodes { get; }

    /// <summary>The contexts (the runner's own objects when committed by this instance, so it reads the transfer id).</summary>
    public IReadOnlyList<(int Index, AdminCommandContext Context)> Admin { get; }

    /// <summary>The same batch without its records in memory (they stay in the table).</summary>
    public JournalBatch WithoutRecords() => new(Position, Epoch, null, Admin, Count);

    /// <summary>The records read back from the table, with this batch's admin contexts (the runner waits on those objects).</summary>
    public JournalBatch WithRecords(byte[] records) => new(Position, Epoch, records, Admin);

    /// <summary>A batch read back from the table.</summary>
    public static JournalBatch Stored(long position, long epoch, int recordSize, byte[] records, int[] indexes, string[] keys, string?[] references, short[] codes)
    {
        if (recordSize != RecordSize || records.Length % RecordSize != 0)
        {
            throw new InvalidOperationException(
                $"Journal batch {position} holds records of {recordSize} bytes; this build's JournalRecord has {RecordSize}. Project the journal with the build that wrote it before upgrading.");
        }

        var admin = new (int, AdminCommandContext)[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            var code = i < codes.Length ? (TransferCode)codes[i] : TransferCode.Deposit;
            admin[i] = (indexes[i], new AdminCommandContext(keys[i], references[i], code));
        }

        return new JournalBatch(position, epoch, records, admin);
    }
}
