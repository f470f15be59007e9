namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// The result of a withdrawal: <see cref="TransferResultCode.Ok"/> or <see cref="TransferResultCode.Exists"/>
/// with the transfer's id, or the refusal (<see cref="TransferResultCode.ExceedsCredits"/>: beyond available,
/// <see cref="TransferResultCode.AccountNotFound"/>: no deposit account) with a null id. <see cref="Balance"/> is
/// the balance after it (null when the cardholder has no deposit account).
/// </summary>
public sealed record WithdrawalOutcome(TransferResultCode Result, string? TransferId, CardholderBalance? Balance);
