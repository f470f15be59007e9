using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>One row of authorization.holds as the committer writes it.</summary>
internal sealed class HoldRow
{
    public TransactionKey Key { get; init; }

    public long CardNumber { get; set; }

    public long AccountId { get; set; }

    public HoldState Hold { get; set; }

    public HoldRowState State { get; set; }

    /// <summary>Version of the hold's latest pending transfer (0: none yet).</summary>
    public int LedgerVersion { get; set; }

    /// <summary>The pending transfer of <see cref="LedgerVersion"/> is neither posted nor voided.</summary>
    public bool PendingOpen { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
