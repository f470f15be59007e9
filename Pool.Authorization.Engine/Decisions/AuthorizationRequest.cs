using System.Buffers.Binary;

namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// One decoded request from the card network, filled by the link layer from an ISO 8583 frame
/// (spec §3–§4). Fixed size and free of references, so it is copied into a partition's queue without
/// allocating. Amounts are minor units; absent optional fields have their <c>Has…</c> flag false.
/// The engine never sees the PAN: only its keyed hash (<see cref="PanHash"/>) and whether its Luhn
/// check passed.
/// </summary>
public readonly struct AuthorizationRequest
{
    private readonly PanHashBytes32 _panHash;
    private readonly UInt128 _cardKey;

    /// <summary>0100/0120/0400/0420; a balance inquiry is an 0100 with processing code 30.</summary>
    public RequestKind Kind { get; init; }

    /// <summary>The request came as a repeat MTI (0101, 0121, 0401, 0421).</summary>
    public bool IsRepeat { get; init; }

    /// <summary>DE3, first two digits, as a number (00 purchase, 01 cash, 20 refund, 30 balance inquiry).</summary>
    public byte De3ProcessingCode { get; init; }

    /// <summary>DE4 amount, minor units of DE49.</summary>
    public long De4AmountMinor { get; init; }

    /// <summary>DE6 present: the amount in JPY (DE51 = 392) on which Pool decides (spec §4 note 1).</summary>
    public bool HasDe6 { get; init; }

    public long De6BillingAmountMinor { get; init; }

    public short De49CurrencyCode { get; init; }

    public short De51BillingCurrencyCode { get; init; }

    /// <summary>DE14 YYMM as a number, e.g. 2812.</summary>
    public short De14ExpiryYymm { get; init; }

    public short De18Mcc { get; init; }

    /// <summary>DE19 ISO 3166 numeric; 392 is Japan.</summary>
    public short De19CountryCode { get; init; }

    /// <summary>DE22, first two digits, as a number (81 is e-commerce).</summary>
    public byte De22PosEntryMode { get; init; }

    public bool HasDe25 { get; init; }

    /// <summary>DE25 POS condition code (59 is e-commerce).</summary>
    public byte De25PosConditionCode { get; init; }

    /// <summary>DE32 + DE11 + DE7 of this request.</summary>
    public TransactionKey Key { get; init; }

    /// <summary>For reversals: DE90's original DE32 + DE11 + DE7, naming the authorization to reverse.</summary>
    public TransactionKey OriginalKey { get; init; }

    /// <summary>DE95 present: a partial reversal.</summary>
    public bool HasDe95 { get; init; }

    /// <summary>DE95 positions 1–12: the amount that remains authorized, DE49 currency.</summary>
    public long De95ReplacementAmountMinor { get; init; }

    /// <summary>DE95 positions 13–24: the same in billing currency (zero unless DE6 was present).</summary>
    public long De95ReplacementBillingAmountMinor { get; init; }

    /// <summary>DE48 carries <c>PA=Y</c>: the terminal accepts a partial approval (code 10).</summary>
    public bool PartialApprovalSupported { get; init; }

    /// <summary>DE39 of an advice: the decision the network took on Pool's behalf.</summary>
    public ResponseCode AdviceResponseCode { get; init; }

    /// <summary>DE38 of an advice.</summary>
    public ApprovalCode AdviceApprovalCode { get; init; }

    public RrnBytes12 De37Rrn { get; init; }

    /// <summary>DE43 positions 1–25, the card acceptor name.</summary>
    public MerchantNameBytes25 De43MerchantName { get; init; }

    /// <summary>HMAC-SHA-256 of DE2 under the vault key.</summary>
    public PanHashBytes32 PanHash
    {
        get => _panHash;
        init
        {
            _panHash = value;
            ReadOnlySpan<byte> hash = _panHash;
            _cardKey = BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
    }

    /// <summary>DE2 passed its Luhn check (the link checks it before hashing).</summary>
    public bool PanLuhnValid { get; init; }

    /// <summary>The card table's key: the first 16 bytes of <see cref="PanHash"/>, little-endian.</summary>
    public UInt128 CardKey => _cardKey;

    /// <summary>The amount the decision is taken on: DE6 when present, otherwise DE4 (spec §4 note 1).</summary>
    public long DecisionAmountMinor => HasDe6 ? De6BillingAmountMinor : De4AmountMinor;

    /// <summary>Fills <see cref="PanHash"/> so that its first 16 bytes are <paramref name="cardKey"/> (tests, benchmarks).</summary>
    public static PanHashBytes32 PanHashFromCardKey(UInt128 cardKey)
    {
        var hash = default(PanHashBytes32);
        BinaryPrimitives.WriteUInt128LittleEndian(hash, cardKey);
        return hash;
    }
}
