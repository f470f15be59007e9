using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Clearing.Format;

/// <summary>The Cards module's PAN token (HMAC-SHA-256 under the vault's active hash key).</summary>
internal sealed class CardDirectoryPanTokenizer(ICardDirectory cards) : IPanTokenizer
{
    public int TokenBytes => ICardDirectory.PanTokenBytes;

    public void Compute(ReadOnlySpan<byte> panDigits, Span<byte> destination) => cards.ComputePanToken(panDigits, destination);
}
