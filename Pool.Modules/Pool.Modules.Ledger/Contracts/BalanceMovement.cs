namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// The result of <see cref="IBalanceMovementGateway.MoveAsync"/>: the ledger result (<see cref="TransferResultCode.Ok"/>,
/// <see cref="TransferResultCode.Exists"/> for a repeat, <see cref="TransferResultCode.ExceedsCredits"/> beyond available,
/// <see cref="TransferResultCode.AccountNotFound"/>, <see cref="TransferResultCode.ExistsWithDifferentContent"/>), the transfer's
/// id (0 when refused) and the balance after it. <see cref="IsUnavailable"/>: no active engine could decide it (503).
/// </summary>
public sealed record BalanceMovement(TransferResultCode Result, long TransferId, CardholderBalance? Balance, bool IsUnavailable = false);
