using System.Runtime.CompilerServices;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>The card table: the hot row is the PAN token's slot, insert-only, lock-free readers beside one writer.</summary>
public sealed class CardTableTests
{
    [Test]
    public void HotRow_IsOneCacheLine()
    {
        Assert.That(Unsafe.SizeOf<CardState>(), Is.EqualTo(64));
        Assert.That(Unsafe.SizeOf<HoldSlot>(), Is.EqualTo(64));
        Assert.That(Unsafe.SizeOf<AnswerSlot>(), Is.EqualTo(64));
        Assert.That(Unsafe.SizeOf<AccountState>(), Is.EqualTo(32), "a power of two, so no row straddles two lines");
    }

    [Test]
    public void Table_FindsEveryCardAdded_AndNothingElse()
    {
        using var table = new CardTable(1_000, adviseHugePages: false);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.That(table.Add(i + 1, (ulong)i * 64, (ulong)i, i, CardStatus.Active, 2812, CardControls.Default, 0), Is.GreaterThanOrEqualTo(0));
        }

        for (var i = 0; i < 1_000; i++)
        {
            Assert.That(table.TryFind((ulong)i * 64, (ulong)i, out var slot) ? table[slot].CardId : -1, Is.EqualTo(i + 1));
            Assert.That(table.SlotOfOrdinal(i), Is.EqualTo(slot), "cards are walked in the order they were added");
        }

        Assert.That(table.TryFind(64, 2, out _), Is.False, "the high half of the token counts");
        Assert.That(table.TryFind(1_000 * 64, 1_000, out _), Is.False);
        Assert.That(table.Count, Is.EqualTo(1_000));
    }

    [Test]
    public void Table_RefusesCardsBeyondCardsMax()
    {
        using var table = new CardTable(2, adviseHugePages: false);
        Assert.That(table.Add(1, 1, 0, 0, CardStatus.Active, 2812, CardControls.Default, 0), Is.GreaterThanOrEqualTo(0));
        Assert.That(table.Add(2, 2, 0, 0, CardStatus.Active, 2812, CardControls.Default, 0), Is.GreaterThanOrEqualTo(0));
        Assert.That(table.Add(3, 3, 0, 0, CardStatus.Active, 2812, CardControls.Default, 0), Is.EqualTo(-1));
        Assert.That((table.Count, table.TryFind(3, 0, out _)), Is.EqualTo((2, false)));
    }

    [Test]
    public void HasControls_IsSetExactlyWhenTheControlsAreNotTheDefault()
    {
        using var table = new CardTable(4, adviseHugePages: false);
        var limited = CardControls.Default;
        limited.DailyLimitMinor = 10_000;
        var plain = table.Add(1, 1, 0, 0, CardStatus.Active, 2812, CardControls.Default, 0);
        var withLimit = table.Add(2, 2, 0, 0, CardStatus.Active, 2812, limited, 0);
        Assert.That((table[plain].HasControls, table[withLimit].HasControls), Is.EqualTo((false, true)));
        Assert.That(table.Controls(withLimit), Is.EqualTo(limited));

        table.SetControls(plain, limited);
        table.SetControls(withLimit, CardControls.Default);
        Assert.That((table[plain].HasControls, table[withLimit].HasControls), Is.EqualTo((true, false)));
        Assert.That((table.Controls(plain), table.Controls(withLimit)), Is.EqualTo((limited, CardControls.Default)));
    }

    [Test]
    public void Reader_BesideTheWriter_SeesEachCardWhole_OrNotAtAll()
    {
        const int cards = 100_000;
        using var table = new CardTable(cards, adviseHugePages: false);
        var wrong = 0;
        var found = 0L;
        var writing = 1;
        var reader = Task.Run(() =>
        {
            var random = new Random(7);
            while (Volatile.Read(ref writing) == 1)
            {
                var i = random.Next(cards);
                if (table.TryFind(Key(i), ~Key(i), out var slot))
                {
                    found++;
                    ref var row = ref table[slot];
                    if (row.CardId != i + 1 || row.AccountIndex != i || row.ExpiryYymm != 2812 || row.Status != CardStatus.Active)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }
        });

        for (var i = 0; i < cards; i++)
        {
            table.Add(i + 1, Key(i), ~Key(i), i, CardStatus.Active, 2812, CardControls.Default, 0);
        }

        Volatile.Write(ref writing, 0);
        reader.Wait();

        Assert.That(wrong, Is.Zero);
        Assert.That(table.Count, Is.EqualTo(cards));
        for (var i = 0; i < cards; i += 997)
        {
            Assert.That(table.TryFind(Key(i), ~Key(i), out var slot) ? table[slot].CardId : -1, Is.EqualTo(i + 1));
        }

        TestContext.Out.WriteLine($"{found} reads found a card while it was being added");
        static ulong Key(int i) => (ulong)i * 0x9E3779B97F4A7C15UL;
    }
}
