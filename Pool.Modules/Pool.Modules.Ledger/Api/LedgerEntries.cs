using System.Globalization;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Persistence;

namespace Pool.Modules.Ledger.Api;

/// <summary>How a stored transfer reads as a cardholder's ledger entry.</summary>
internal static class LedgerEntries
{
    public static LedgerEntryResponse ToResponse(EntryRow row, long accountId)
    {
        var kind = (TransferKind)row.Kind;
        return new LedgerEntryResponse(
            row.Id.ToString(CultureInfo.InvariantCulture),
            new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)),
            EntryKind(kind, (TransferCode)row.Code),
            row.Amount,
            row.DebitAccountId == accountId ? "debit" : "credit",
            Status(kind, row.Resolution is { } resolution ? (TransferKind)resolution : null),
            row.PendingId?.ToString(CultureInfo.InvariantCulture),
            row.Reference);
    }

    /// <summary>A pending transfer reads as a hold and its void as a hold release, whatever their code; the rest by code.</summary>
    public static string EntryKind(TransferKind kind, TransferCode code) => kind switch
    {
        TransferKind.Pending => "hold",
        TransferKind.VoidPending => "hold-release",
        _ => code switch
        {
            TransferCode.Deposit => "deposit",
            TransferCode.Withdrawal => "withdrawal",
            TransferCode.AuthorizationHold => "hold",
            TransferCode.Purchase => "purchase",
            TransferCode.Refund => "refund",
            TransferCode.Yield => "yield",
            TransferCode.Cashback => "cashback",
            TransferCode.Chargeback => "chargeback",
            TransferCode.Adjustment => "adjustment",
            TransferCode.NetworkSettlement => "network-settlement",
            TransferCode.HoldRelease => "hold-release",
            _ => "other",
        },
    };

    public static string Status(TransferKind kind, TransferKind? resolution) => kind switch
    {
        TransferKind.Pending => resolution switch
        {
            TransferKind.PostPending => "posted",
            TransferKind.VoidPending => "voided",
            _ => "pending",
        },
        TransferKind.VoidPending => "voided",
        _ => "posted",
    };
}
