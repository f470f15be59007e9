namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// A port the deposit and withdrawal endpoints call when the host has one: the authorization engine
/// decides the movement in its ordered path (so it never races an authorization and applies to the next
/// one) and its journal writes the ledger transfer. The Authorization module implements it; without
/// one registered (module tests), the endpoints move the money directly.
/// </summary>
public interface IBalanceMovementGateway
{
    /// <summary>
    /// Deposits (<see cref="TransferCode.Deposit"/>, from bank cash), withdraws (<see cref="TransferCode.Withdrawal"/>)
    /// or credits yield (<see cref="TransferCode.Yield"/>, from yield expense) or cashback (<see cref="TransferCode.Cashback"/>,
    /// from cashback expense): <paramref name="amountMinor"/> yen on the cardholder's deposit account. Idempotent by
    /// <paramref name="idempotencyKey"/> (the ledger transfer's key): a repeat returns the first result.
    /// </summary>
    Task<BalanceMovement> MoveAsync(string cardholderId, long amountMinor, TransferCode code, string idempotencyKey, CancellationToken cancellationToken);
}
