using System.Collections.Concurrent;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// The string side of admin commands in flight. A journal record is fixed-size and cannot carry the
/// caller's idempotency key, so a gateway registers it here under a key of its own making (the record's
/// <see cref="TransactionKey"/>) before it executes the command, and the committer looks it up to name
/// the ledger transfer. Entries are removed once the command is answered.
/// </summary>
internal sealed class AdminCommandRegistry
{
    /// <summary>DE32 of admin command keys: network acquirer ids are digits, so never negative.</summary>
    public const long AdminAcquirerId = -1;

    private readonly ConcurrentDictionary<TransactionKey, AdminCommandContext> _contexts = new();
    private long _sequence = DateTime.UtcNow.Ticks;

    /// <summary>Registers <paramref name="context"/> and returns the key to give the command.</summary>
    public TransactionKey Register(AdminCommandContext context)
    {
        var key = new TransactionKey(AdminAcquirerId, 0, Interlocked.Increment(ref _sequence));
        _contexts[key] = context;
        return key;
    }

    public bool TryGet(in TransactionKey key, out AdminCommandContext context) => _contexts.TryGetValue(key, out context!);

    public void Remove(in TransactionKey key) => _contexts.TryRemove(key, out _);
}

/// <summary>What the committer needs to write an admin command's ledger transfer; <see cref="TransferId"/> is filled by the committer.</summary>
internal sealed class AdminCommandContext(string idempotencyKey, string? reference, TransferCode creditCode = TransferCode.Deposit)
{
    public string IdempotencyKey { get; } = idempotencyKey;

    public string? Reference { get; } = reference;

    /// <summary>
    /// What an engine deposit credits: <see cref="TransferCode.Deposit"/> (from bank cash), <see cref="TransferCode.Yield"/>
    /// (from yield expense) or <see cref="TransferCode.Cashback"/> (from cashback expense). The engine's effect is the same
    /// (posted balance up); only the ledger transfer differs, so the engine needs no kind of its own.
    /// </summary>
    public TransferCode CreditCode { get; } = creditCode;

    /// <summary>The ledger transfer the committer created (0 for none), set before the command is answered.</summary>
    public long TransferId { get; set; }
}
