using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>The card-id and account-id indexes: open addressing, insert-only, lock-free readers beside one writer.</summary>
public sealed class InsertOnlyIndexTests
{
    [Test]
    public void Index_FindsEveryKeyAdded_AndNothingElse()
    {
        using var index = new InsertOnlyIndex(1_000);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.That(index.TryAdd(i * 64L, i), Is.True);
        }

        for (var i = 0; i < 1_000; i++)
        {
            Assert.That(index.TryGet(i * 64L, out var row) ? row : -1, Is.EqualTo(i));
        }

        Assert.That(index.TryGet(65, out _), Is.False);
        Assert.That(index.TryGet(1_000 * 64L, out _), Is.False);
        Assert.That(index.TryGet(-64, out _), Is.False);
    }

    [Test]
    public void Index_RefusesADuplicateKey_AndEntriesBeyondItsMax()
    {
        using var index = new InsertOnlyIndex(2);
        Assert.That(index.TryAdd(1, 0), Is.True);
        Assert.That(index.TryAdd(1, 5), Is.False, "duplicate");
        Assert.That(index.TryAdd(2, 1), Is.True);
        Assert.That(index.TryAdd(3, 2), Is.False, "full at EntriesMax");
        Assert.That((index.Count, index.TryGet(1, out var row) ? row : -1), Is.EqualTo((2, 0)));
    }

    [Test]
    public void Index_TakesZeroAndNegativeIds()
    {
        using var index = new InsertOnlyIndex(4);
        Assert.That(index.TryAdd(0, 7) && index.TryAdd(-1, 8) && index.TryAdd(long.MinValue, 9), Is.True);
        Assert.That((index.TryGet(0, out var a) ? a : -1, index.TryGet(-1, out var b) ? b : -1, index.TryGet(long.MinValue, out var c) ? c : -1), Is.EqualTo((7, 8, 9)));
    }

    [Test]
    public void Reader_BesideTheWriter_SeesEachEntryWhole_OrNotAtAll()
    {
        const int entries = 100_000;
        using var index = new InsertOnlyIndex(entries);
        var wrong = 0;
        var found = 0L;
        var writing = 1;
        var reader = Task.Run(() =>
        {
            var random = new Random(7);
            while (Volatile.Read(ref writing) == 1)
            {
                var i = random.Next(entries);
                if (index.TryGet(Key(i), out var row))
                {
                    found++;
                    if (row != i)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }
        });

        for (var i = 0; i < entries; i++)
        {
            index.TryAdd(Key(i), i);
        }

        Volatile.Write(ref writing, 0);
        reader.Wait();

        Assert.That(wrong, Is.Zero);
        Assert.That(index.Count, Is.EqualTo(entries));
        for (var i = 0; i < entries; i += 997)
        {
            Assert.That(index.TryGet(Key(i), out var row) ? row : -1, Is.EqualTo(i));
        }

        static long Key(int i) => (long)((ulong)i * 0x9E3779B97F4A7C15UL);
    }
}
