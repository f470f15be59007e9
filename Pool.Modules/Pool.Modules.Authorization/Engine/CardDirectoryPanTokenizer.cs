using Pool.Modules.Authorization.Link;
using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>The link's PAN tokenizer: the Cards vault's keyed hash under its active key (zero allocation).</summary>
internal sealed class CardDirectoryPanTokenizer(ICardDirectory directory) : IPanTokenizer
{
    public void ComputeToken(ReadOnlySpan<byte> panDigits, Span<byte> destination) => directory.ComputePanToken(panDigits, destination);
}
