using System.Collections.Concurrent;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Jobs;

/// <summary>How the credits of one page ended, counted from concurrent callers.</summary>
internal sealed class CreditTally
{
    private long _credited;
    private long _creditedMinor;
    private long _repeated;
    private long _unavailable;
    private long _missing;

    public long Credited => Interlocked.Read(ref _credited);

    public long CreditedMinor => Interlocked.Read(ref _creditedMinor);

    /// <summary>Credited by an earlier run (the key existed).</summary>
    public long Repeated => Interlocked.Read(ref _repeated);

    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>The account disappeared between the read and the credit (it cannot today: accounts are never closed).</summary>
    public long Missing => Interlocked.Read(ref _missing);

    public ConcurrentBag<string> Conflicts { get; } = [];

    public void Add(ProductCredit credit, BalanceMovement movement)
    {
        if (movement.IsUnavailable)
        {
            Interlocked.Increment(ref _unavailable);
            return;
        }

        switch (movement.Result)
        {
            case TransferResultCode.Ok:
                Interlocked.Increment(ref _credited);
                Interlocked.Add(ref _creditedMinor, credit.AmountMinor);
                break;
            case TransferResultCode.Exists:
                Interlocked.Increment(ref _repeated);
                break;
            case TransferResultCode.AccountNotFound:
                Interlocked.Increment(ref _missing);
                break;
            default:
                Conflicts.Add($"{credit.IdempotencyKey} ({movement.Result})");
                break;
        }
    }
}
