namespace Pool.Modules.Cards.Configuration;

/// <summary>Section <c>Cards:Vault</c>: the key sets; new records use <see cref="ActiveKeyId"/>, old ones keep theirs until re-keyed.</summary>
internal sealed class VaultOptions
{
    /// <summary>Id of the key set new vault records use; must be one of <see cref="Keys"/>. Defaults to the only key when there is one.</summary>
    public string? ActiveKeyId { get; set; }

    public List<VaultKeyOptions> Keys { get; set; } = [];

    /// <summary>Most key sets configured at once; each PAN lookup hashes once per key, so the list stays short.</summary>
    public const int KeysMax = 8;

    /// <summary>Longest key id, in characters; it is stored on every record.</summary>
    public const int KeyIdLengthMax = 32;
}
