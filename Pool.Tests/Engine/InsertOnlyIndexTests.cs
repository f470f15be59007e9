using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>The card and account indexes: open addressing, insert-only, lock-free readers beside one writer.</summary>
public sealed class InsertOnlyIndexTests
{
    [Test]
    public void Index_FindsEveryKeyAdded_AndNothingElse()
    {
        var index = new InsertOnlyIndex(1_000);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.That(index.TryAdd((ulong)i * 64, (ulong)i, i), Is.True);
        }

        for (var i = 0; i < 1_000; i++)
        {
            Assert.That(index.TryGet((ulong)i * 64, (ulong)i, out var row) ? row : -1, Is.EqualTo(i));
        }

        Assert.That(index.TryGet(64, 2, out _), Is.False, "the high half of the key counts");
        Assert.That(index.TryGet(1_000 * 64, 1_000, out _), Is.False);
    }

    [Test]
    public void Index_RefusesADuplicateKey_AndEntriesBeyondItsMax()
    {
        var index = new InsertOnlyIndex(2);
        Assert.That(index.TryAdd(1, 0, 0), Is.True);
        Assert.That(index.TryAdd(1, 0, 5), Is.False, "duplicate");
        Assert.That(index.TryAdd(2, 0, 1), Is.True);
        Assert.That(index.TryAdd(3, 0, 2), Is.False, "full at EntriesMax");
        Assert.That((index.Count, index.TryGet(1, 0, out var row) ? row : -1), Is.EqualTo((2, 0)));
    }

    [Test]
    public void Reader_BesideTheWriter_SeesEachEntryWhole_OrNotAtAll()
    {
        const int entries = 200_000;
        var index = new InsertOnlyIndex(entries);
        var wrong = 0;
        var found = 0L;
        var writing = 1;
        var reader = Task.Run(() =>
        {
            var random = new Random(7);
            while (Volatile.Read(ref writing) == 1)
            {
                var i = random.Next(entries);
                if (index.TryGet(Key(i), ~Key(i), out var row))
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
            index.TryAdd(Key(i), ~Key(i), i);
        }

        Volatile.Write(ref writing, 0);
        reader.Wait();

        Assert.That(wrong, Is.Zero);
        Assert.That(index.Count, Is.EqualTo(entries));
        for (var i = 0; i < entries; i += 997)
        {
            Assert.That(index.TryGet(Key(i), ~Key(i), out var row) ? row : -1, Is.EqualTo(i));
        }

        static ulong Key(int i) => (ulong)i * 0x9E3779B97F4A7C15UL;
    }
}
