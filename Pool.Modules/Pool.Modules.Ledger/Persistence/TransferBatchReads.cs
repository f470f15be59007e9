using Pool.Modules.Ledger.Domain;

namespace Pool.Modules.Ledger.Persistence;

/// <summary>What a batch reads before it decides: its locked accounts, reserved ids, repeated keys and named pending transfers.</summary>
internal sealed record TransferBatchReads(
    Dictionary<long, LedgerAccount> Accounts,
    long[] Ids,
    List<StoredTransfer> Existing,
    List<PendingTransfer> Pendings);
