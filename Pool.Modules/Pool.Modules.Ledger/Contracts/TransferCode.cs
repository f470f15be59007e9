namespace Pool.Modules.Ledger.Contracts;

/// <summary>What the money of a transfer is. Persisted (ledger.transfers.code): values are explicit, append only.</summary>
public enum TransferCode : short
{
    /// <summary>Cardholder money in: bank cash → deposit.</summary>
    Deposit = 1,

    /// <summary>Cardholder money out: deposit → bank cash.</summary>
    Withdrawal = 2,

    /// <summary>An approved authorization: a pending deposit → network settlement (a hold).</summary>
    AuthorizationHold = 3,

    /// <summary>A cleared purchase: the post of a hold, or a single transfer deposit → network settlement.</summary>
    Purchase = 4,

    /// <summary>A merchant refund: network settlement → deposit.</summary>
    Refund = 5,

    /// <summary>Yield credited: yield expense → deposit.</summary>
    Yield = 6,

    /// <summary>Cashback credited: cashback expense → deposit.</summary>
    Cashback = 7,

    /// <summary>A disputed purchase credited back: disputes suspense → deposit (or its reversal).</summary>
    Chargeback = 8,

    /// <summary>A correction made by an operator, with a reference to why.</summary>
    Adjustment = 9,

    /// <summary>Pool pays the network what clearing made it owe: network settlement → bank cash.</summary>
    NetworkSettlement = 10,

    /// <summary>A hold released without clearing (reversal or expiry): the void of a hold.</summary>
    HoldRelease = 11,
}
