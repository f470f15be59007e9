using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Authorization.Link;
using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// The link's PAN tokenizer: the Cards vault's keyed hash under its active key (zero allocation). The
/// directory is resolved at the first request, not when Kestrel builds the connection handler, so host
/// verbs that bind no link (e.g. <c>migrate</c>) need no vault keys.
/// </summary>
internal sealed class CardDirectoryPanTokenizer(IServiceProvider services) : IPanTokenizer
{
    private ICardDirectory? _directory;

    public void ComputeToken(ReadOnlySpan<byte> panDigits, Span<byte> destination) =>
        (_directory ??= services.GetRequiredService<ICardDirectory>()).ComputePanToken(panDigits, destination);
}
