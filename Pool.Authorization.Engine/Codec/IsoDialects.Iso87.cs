namespace Pool.Authorization.Engine.Codec;

public static partial class IsoDialects
{
    // ISO 8583:1987, DE2–DE128, with the lengths of jPOS's ISO87APackager and ISO87BPackager (both packagers
    // share the table; only the encodings differ). DE1 is the secondary bitmap, which the codec handles.
    // `an` and `ans` both accept printable ASCII, as the link spec does.
    private static IsoFieldSpec[] Iso87Fields()
    {
        var fields = new IsoFieldSpec[IsoDialect.FieldTableLength];
        fields[2] = NLl(19, "primary account number (PAN)");
        fields[3] = N(6, "processing code");
        fields[4] = N(12, "amount, transaction");
        fields[5] = N(12, "amount, settlement");
        fields[6] = N(12, "amount, cardholder billing");
        fields[7] = N(10, "transmission date and time");
        fields[8] = N(8, "amount, cardholder billing fee");
        fields[9] = N(8, "conversion rate, settlement");
        fields[10] = N(8, "conversion rate, cardholder billing");
        fields[11] = N(6, "system trace audit number");
        fields[12] = N(6, "time, local transaction");
        fields[13] = N(4, "date, local transaction");
        fields[14] = N(4, "date, expiration");
        fields[15] = N(4, "date, settlement");
        fields[16] = N(4, "date, conversion");
        fields[17] = N(4, "date, capture");
        fields[18] = N(4, "merchant type");
        fields[19] = N(3, "acquiring institution country code");
        fields[20] = N(3, "PAN extended, country code");
        fields[21] = N(3, "forwarding institution country code");
        fields[22] = N(3, "point of service entry mode");
        fields[23] = N(3, "card sequence number");
        fields[24] = N(3, "network international identifier");
        fields[25] = N(2, "point of service condition code");
        fields[26] = N(2, "point of service PIN capture code");
        fields[27] = N(1, "authorization identification response length");
        fields[28] = XN(9, "amount, transaction fee");
        fields[29] = XN(9, "amount, settlement fee");
        fields[30] = XN(9, "amount, transaction processing fee");
        fields[31] = XN(9, "amount, settlement processing fee");
        fields[32] = NLl(11, "acquiring institution identification code");
        fields[33] = NLl(11, "forwarding institution identification code");
        fields[34] = AnsLl(28, "primary account number, extended");
        fields[35] = ZLl(37, "track 2 data");
        fields[36] = NLll(104, "track 3 data");
        fields[37] = An(12, "retrieval reference number");
        fields[38] = An(6, "authorization identification response");
        fields[39] = An(2, "response code");
        fields[40] = An(3, "service restriction code");
        fields[41] = Ans(8, "card acceptor terminal identification");
        fields[42] = Ans(15, "card acceptor identification code");
        fields[43] = Ans(40, "card acceptor name/location");
        fields[44] = AnLl(25, "additional response data");
        fields[45] = AnLl(76, "track 1 data");
        fields[46] = AnLll(999, "additional data, ISO");
        fields[47] = AnLll(999, "additional data, national");
        fields[48] = AnLll(999, "additional data, private");
        fields[49] = An(3, "currency code, transaction");
        fields[50] = An(3, "currency code, settlement");
        fields[51] = An(3, "currency code, cardholder billing");
        fields[52] = B(8, "personal identification number data");
        fields[53] = N(16, "security related control information");
        fields[54] = AnLll(120, "additional amounts");
        fields[55] = AnsLll(999, "reserved ISO");
        fields[56] = AnsLll(999, "reserved ISO");
        fields[57] = AnsLll(999, "reserved national");
        fields[58] = AnsLll(999, "reserved national");
        fields[59] = AnsLll(999, "reserved national");
        fields[60] = AnsLll(999, "reserved national");
        fields[61] = AnsLll(999, "reserved private");
        fields[62] = AnsLll(999, "reserved private");
        fields[63] = AnsLll(999, "reserved private");
        fields[64] = B(8, "message authentication code");
        fields[65] = B(1, "bitmap, extended");
        fields[66] = N(1, "settlement code");
        fields[67] = N(2, "extended payment code");
        fields[68] = N(3, "receiving institution country code");
        fields[69] = N(3, "settlement institution country code");
        fields[70] = N(3, "network management information code");
        fields[71] = N(4, "message number");
        fields[72] = N(4, "message number, last");
        fields[73] = N(6, "date, action");
        fields[74] = N(10, "credits, number");
        fields[75] = N(10, "credits, reversal number");
        fields[76] = N(10, "debits, number");
        fields[77] = N(10, "debits, reversal number");
        fields[78] = N(10, "transfer number");
        fields[79] = N(10, "transfer, reversal number");
        fields[80] = N(10, "inquiries number");
        fields[81] = N(10, "authorizations, number");
        fields[82] = N(12, "credits, processing fee amount");
        fields[83] = N(12, "credits, transaction fee amount");
        fields[84] = N(12, "debits, processing fee amount");
        fields[85] = N(12, "debits, transaction fee amount");
        fields[86] = N(16, "credits, amount");
        fields[87] = N(16, "credits, reversal amount");
        fields[88] = N(16, "debits, amount");
        fields[89] = N(16, "debits, reversal amount");
        fields[90] = N(42, "original data elements");
        fields[91] = An(1, "file update code");
        fields[92] = An(2, "file security code");
        fields[93] = An(5, "response indicator");
        fields[94] = An(7, "service indicator");
        fields[95] = An(42, "replacement amounts");
        fields[96] = B(8, "message security code");
        fields[97] = XN(17, "amount, net settlement");
        fields[98] = Ans(25, "payee");
        fields[99] = NLl(11, "settlement institution identification code");
        fields[100] = NLl(11, "receiving institution identification code");
        fields[101] = AnsLl(17, "file name");
        fields[102] = AnsLl(28, "account identification 1");
        fields[103] = AnsLl(28, "account identification 2");
        fields[104] = AnsLll(100, "transaction description");
        for (var field = 105; field <= 111; field++)
        {
            fields[field] = AnsLll(999, "reserved ISO");
        }

        for (var field = 112; field <= 119; field++)
        {
            fields[field] = AnsLll(999, "reserved national");
        }

        for (var field = 120; field <= 127; field++)
        {
            fields[field] = AnsLll(999, "reserved private");
        }

        fields[128] = B(8, "message authentication code");
        return fields;
    }
}
