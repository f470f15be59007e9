namespace Pool.Authorization.Engine.Codec;

public static partial class IsoDialects
{
    // Link spec §3, row by row. DE52 is b8 (8 bytes) and DE55 b..255 (BER-TLV chip data, Chip/BerTlvReader).
    private static IsoFieldSpec[] PoolLinkFields()
    {
        var fields = new IsoFieldSpec[IsoDialect.FieldTableLength];
        fields[2] = NLl(19, "primary account number (PAN)");
        fields[3] = N(6, "processing code");
        fields[4] = N(12, "amount, transaction");
        fields[6] = N(12, "amount, cardholder billing");
        fields[7] = N(10, "transmission date and time");
        fields[10] = N(8, "conversion rate, cardholder billing");
        fields[11] = N(6, "system trace audit number (STAN)");
        fields[12] = N(6, "local transaction time");
        fields[13] = N(4, "local transaction date");
        fields[14] = N(4, "expiration date");
        fields[18] = N(4, "merchant category code");
        fields[19] = N(3, "acquiring institution country code");
        fields[22] = N(3, "POS entry mode");
        fields[25] = N(2, "POS condition code");
        fields[32] = NLl(11, "acquiring institution identification code");
        fields[35] = ZLl(37, "track 2 data");
        fields[37] = An(12, "retrieval reference number");
        fields[38] = An(6, "authorization identification response");
        fields[39] = An(2, "response code");
        fields[41] = Ans(8, "card acceptor terminal identification");
        fields[42] = Ans(15, "card acceptor identification code");
        fields[43] = Ans(40, "card acceptor name/location");
        fields[48] = AnsLll(999, "additional data, private");
        fields[49] = N(3, "currency code, transaction");
        fields[51] = N(3, "currency code, cardholder billing");
        fields[52] = B(8, "PIN data");
        fields[54] = AnLll(120, "additional amounts");
        fields[55] = BLll(255, "ICC data");
        fields[70] = N(3, "network management information code");
        fields[90] = N(42, "original data elements");
        fields[95] = An(42, "replacement amounts");
        return fields;
    }

    // Link spec §4. M is mandatory; C, O and E are allowed: echoed fields cannot be mandatory in an answer,
    // because §9 answers a malformed request with only the fields that could be read. The repeats of §8
    // (0101, 0121, 0401, 0421) carry the fields of their originals.
    private static IsoMtiRule[] PoolLinkRules()
    {
        var purchaseMandatory = IsoFieldSet.Of(2, 3, 4, 7, 11, 12, 13, 14, 18, 19, 22, 32, 37, 41, 42, 43, 49);
        var purchaseOptional = IsoFieldSet.Of(6, 10, 51, 25, 35, 52, 55, 48);
        var authorization = new IsoMtiRule(100, purchaseMandatory, purchaseOptional);
        var advice = new IsoMtiRule(120, purchaseMandatory.Union(IsoFieldSet.Of(38, 39)), purchaseOptional);
        var reversal = new IsoMtiRule(400, IsoFieldSet.Of(2, 3, 4, 7, 11, 32, 37, 49, 90), IsoFieldSet.Of(6, 10, 51, 39, 41, 42, 95));
        var reversalAdvice = new IsoMtiRule(420, reversal.Mandatory, reversal.Allowed);
        var answerMandatory = IsoFieldSet.Of(39);
        var networkManagement = IsoFieldSet.Of(7, 11, 70);
        return
        [
            authorization,
            new IsoMtiRule(101, authorization.Mandatory, authorization.Allowed),
            new IsoMtiRule(110, answerMandatory, IsoFieldSet.Of(2, 3, 4, 6, 10, 51, 7, 11, 32, 37, 38, 41, 42, 48, 49, 54)),
            advice,
            new IsoMtiRule(121, advice.Mandatory, advice.Allowed),
            new IsoMtiRule(130, answerMandatory, IsoFieldSet.Of(2, 3, 4, 6, 10, 51, 7, 11, 32, 37, 41, 42, 49)),
            reversal,
            new IsoMtiRule(401, reversal.Mandatory, reversal.Allowed),
            new IsoMtiRule(410, answerMandatory, IsoFieldSet.Of(2, 3, 4, 6, 10, 51, 7, 11, 32, 37, 49, 90)),
            reversalAdvice,
            new IsoMtiRule(421, reversal.Mandatory, reversal.Allowed),
            new IsoMtiRule(430, answerMandatory, IsoFieldSet.Of(2, 3, 4, 6, 10, 51, 7, 11, 32, 37, 49, 90)),
            new IsoMtiRule(800, networkManagement, default),
            new IsoMtiRule(810, answerMandatory, networkManagement),
        ];
    }
}
