using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Engine;

/// <summary>Issue 5 / spec §4 note 2: six characters, unique per card for at least 30 days, never derived from the PAN.</summary>
public sealed class ApprovalCodeTests
{
    private static readonly ApprovalCodeGenerator Generator = new(0x1234_5678_9ABC_DEF0UL, 0x0FED_CBA9_8765_4321UL);

    [Test]
    public void ApprovalCode_IsSixCharactersOfDigitsAndCapitals()
    {
        for (uint sequence = 0; sequence < 1_000; sequence++)
        {
            var code = Generator.Generate(42, sequence).ToString();
            Assert.That(code, Does.Match("^[0-9A-Z]{6}$"));
        }
    }

    [Test]
    public void ApprovalCodes_OfOneCard_DoNotRepeatOver200000Approvals()
    {
        // 200,000 approvals is over 6,600 a day for 30 days, far beyond one card's use.
        var seen = new HashSet<ulong>();
        for (uint sequence = 0; sequence < 200_000; sequence++)
        {
            Assert.That(seen.Add(Generator.Generate(7, sequence).Packed), Is.True, $"sequence {sequence}");
        }
    }

    [Test]
    public void ApprovalCodes_OfTwoCards_Differ()
    {
        var same = 0;
        for (uint sequence = 0; sequence < 1_000; sequence++)
        {
            same += Generator.Generate(1, sequence) == Generator.Generate(2, sequence) ? 1 : 0;
        }

        Assert.That(same, Is.LessThan(2));
    }

    [Test]
    public void Permutation_IsABijectionOnItsDomain()
    {
        // A Feistel network is a bijection on 32 bits; cycle walking keeps one on [0, 36^6). Checked on a
        // sample: distinct inputs give distinct outputs, all in range.
        var outputs = new HashSet<uint>();
        for (uint value = ApprovalCodeGenerator.CodeSpace - 50_000; value < ApprovalCodeGenerator.CodeSpace; value++)
        {
            var permuted = Generator.Permute(value, 99);
            Assert.That(permuted, Is.LessThan(ApprovalCodeGenerator.CodeSpace));
            Assert.That(outputs.Add(permuted), Is.True);
        }
    }

    [Test]
    public async Task ApprovalSequence_AdvancesOnlyOnApprovals()
    {
        await using var engine = new EngineHarness();
        engine.Decide(engine.Purchase(1, 100));
        engine.Decide(engine.Purchase(1, EngineHarness.Balance * 2));
        engine.State.TryGetCard(1, out _, out _, out _, out var sequence);
        Assert.That(sequence, Is.EqualTo(1u));
    }

    [Test]
    public void De54_IsTheAvailableBalanceBlock()
    {
        Span<byte> block = stackalloc byte[De54AdditionalAmounts.BlockLength];
        Assert.That(De54AdditionalAmounts.TryWrite(98_800, block), Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(block), Is.EqualTo("0002392C000000098800"));
        Assert.That(De54AdditionalAmounts.TryWrite(-700, block), Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(block), Is.EqualTo("0002392D000000000700"));
    }

    /// <summary>The two-digit table renders exactly what six divisions by 36 render (the codes are pinned above).</summary>
    [Test]
    public void Render_ByDigitPairs_EqualsSixDivisionsBy36()
    {
        var random = new Random(36);
        uint[] edges = [0, 1, 35, 36, 1_295, 1_296, 46_655, 46_656, 1_679_615, 1_679_616, ApprovalCodeGenerator.CodeSpace - 1];
        foreach (var value in edges.Concat(Enumerable.Range(0, 200_000).Select(_ => (uint)random.NextInt64(ApprovalCodeGenerator.CodeSpace))))
        {
            Assert.That(ApprovalCodeGenerator.Render(value).Packed, Is.EqualTo(ReferenceRender(value)), $"value {value}");
        }

        static ulong ReferenceRender(uint value)
        {
            ulong packed = 0;
            for (var i = ApprovalCode.Length - 1; i >= 0; i--)
            {
                var digit = value % 36;
                value /= 36;
                var ascii = digit < 10 ? '0' + digit : 'A' + digit - 10;
                packed |= (ulong)ascii << (8 * i);
            }

            return packed;
        }
    }
}
