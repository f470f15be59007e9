namespace Pool.Authorization.Engine.Processing;

/// <summary>DE3 first two digits Pool supports (spec §5); any other is answered 12.</summary>
internal static class ProcessingCode
{
    public const byte Purchase = 0;
    public const byte Cash = 1;
    public const byte Refund = 20;
    public const byte BalanceInquiry = 30;
}
