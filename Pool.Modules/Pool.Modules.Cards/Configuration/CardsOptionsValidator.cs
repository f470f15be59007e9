using Microsoft.Extensions.Options;

namespace Pool.Modules.Cards.Configuration;

/// <summary>Checks <see cref="CardsOptions"/> at start, so a bad BIN or key stops the host with a message naming the setting.</summary>
internal sealed class CardsOptionsValidator : IValidateOptions<CardsOptions>
{
    public ValidateOptionsResult Validate(string? name, CardsOptions options)
    {
        var failures = new List<string>();
        if (options.Bin is not { Length: >= CardsOptions.BinDigitsMin and <= CardsOptions.BinDigitsMax } || options.Bin.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            failures.Add($"Cards:Bin must be {CardsOptions.BinDigitsMin} to {CardsOptions.BinDigitsMax} digits.");
        }

        if (options.ExpiryYears is < 1 or > CardsOptions.ExpiryYearsMax)
        {
            failures.Add($"Cards:ExpiryYears must be between 1 and {CardsOptions.ExpiryYearsMax}.");
        }

        ValidateVault(options.Vault, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateVault(VaultOptions vault, List<string> failures)
    {
        if (vault.Keys.Count == 0)
        {
            failures.Add("Cards:Vault:Keys is empty: configure at least one key set (Id, EncryptionKey and HashKey, each key base64 of 32 random bytes) and Cards:Vault:ActiveKeyId. Only Development generates keys by itself.");
            return;
        }

        if (vault.Keys.Count > VaultOptions.KeysMax)
        {
            failures.Add($"Cards:Vault:Keys may hold at most {VaultOptions.KeysMax} key sets; re-key old records and drop their keys.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < vault.Keys.Count; i++)
        {
            var key = vault.Keys[i];
            var prefix = $"Cards:Vault:Keys:{i}";
            if (key.Id is not { Length: > 0 and <= VaultOptions.KeyIdLengthMax } || key.Id.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
            {
                failures.Add($"{prefix}:Id must be 1 to {VaultOptions.KeyIdLengthMax} letters, digits, '-', '_' or '.'.");
            }
            else if (!ids.Add(key.Id))
            {
                failures.Add($"{prefix}:Id '{key.Id}' is used twice.");
            }

            // The message never quotes a key: it names the setting only.
            if (!IsKey(key.EncryptionKey))
            {
                failures.Add($"{prefix}:EncryptionKey must be base64 of {VaultKeyOptions.KeyBytes} bytes.");
            }

            if (!IsKey(key.HashKey))
            {
                failures.Add($"{prefix}:HashKey must be base64 of {VaultKeyOptions.KeyBytes} bytes.");
            }
        }

        var active = vault.ActiveKeyId ?? (vault.Keys.Count == 1 ? vault.Keys[0].Id : null);
        if (active is null)
        {
            failures.Add("Cards:Vault:ActiveKeyId is required when more than one key set is configured.");
        }
        else if (!ids.Contains(active))
        {
            failures.Add($"Cards:Vault:ActiveKeyId '{active}' is not one of Cards:Vault:Keys.");
        }
    }

    private static bool IsKey(string? base64)
    {
        Span<byte> bytes = stackalloc byte[VaultKeyOptions.KeyBytes + 3];
        return base64 is not null && Convert.TryFromBase64String(base64, bytes, out var written) && written == VaultKeyOptions.KeyBytes;
    }
}
