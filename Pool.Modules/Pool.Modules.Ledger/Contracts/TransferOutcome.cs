namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// The result of one transfer request. <see cref="TransferId"/> is the created transfer's id
/// (<see cref="TransferResultCode.Ok"/>), the first one's (<see cref="TransferResultCode.Exists"/>,
/// <see cref="TransferResultCode.ExistsWithDifferentContent"/>), or 0 when refused.
/// </summary>
public readonly record struct TransferOutcome(TransferResultCode Result, long TransferId)
{
    /// <summary>True when the transfer now exists as asked (created now or before).</summary>
    public bool Succeeded => Result is TransferResultCode.Ok or TransferResultCode.Exists;
}
