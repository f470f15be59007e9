using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Codec;

/// <summary>One entry per data element (index = DE number, 0–128), inline so a message index is one struct.</summary>
[InlineArray(IsoDialect.FieldTableLength)]
internal struct IsoFieldTable
{
    private IsoFieldEntry _element0;
}
