using Microsoft.Extensions.Logging;
using Pool.Modules.Cards.Persistence;
using Pool.Modules.Cards.Vault;

namespace Pool.Modules.Cards.Application;

/// <summary>
/// Key rotation, second half: after a new key set is made active (new records use it at once), this
/// moves the older records to it (open with the old key, re-seal and re-hash with the active one), in
/// small transactions, so the old key can then be dropped from configuration.
/// </summary>
internal sealed class VaultRekeying(CardStore cards, PanVault vault, ILogger<VaultRekeying> logger)
{
    /// <summary>Records per transaction: small enough to hold locks briefly, large enough to finish a million cards in minutes.</summary>
    public const int BatchRecordsMax = 500;

    /// <summary>Re-keys every record not under the active key; returns how many it moved.</summary>
    public async Task<int> RekeyAllAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var moved = await RekeyBatchAsync(cancellationToken);
            total += moved;
            if (moved < BatchRecordsMax)
            {
                break;
            }
        }

        CardsLog.Rekeyed(logger, total, vault.Active.Id);
        return total;
    }

    private async Task<int> RekeyBatchAsync(CancellationToken cancellationToken)
    {
        var active = vault.Active;
        await using var connection = await cards.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = await CardStore.LockNotUnderKeyAsync(connection, transaction, active.Id, BatchRecordsMax, cancellationToken);
        foreach (var card in batch)
        {
            var pan = PanVault.Open(vault.Key(card.KeyId), card.Id, card.PanCiphertext);
            await CardStore.UpdateVaultRecordAsync(connection, transaction, card.Id, PanVault.Token(active, pan), PanVault.Seal(active, card.Id, pan), active.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }
}
