using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>
/// The open-addressing hold table against a <see cref="Dictionary{TKey,TValue}"/>: backward-shift deletion
/// must leave every remaining key findable (no tombstones), also where a run of slots wraps round the end.
/// </summary>
public sealed class HoldTableTests
{
    [TestCase(8, 1)] // 16 slots: long runs and wrap-around at every step
    [TestCase(64, 2)]
    [TestCase(4096, 3)]
    public void RandomInsertsAndRemovals_AgreeWithADictionary(int holdsMax, int seed)
    {
        using var table = new HoldTable(holdsMax, adviseHugePages: false);
        var model = new Dictionary<TransactionKey, HoldState>();
        var random = new Random(seed);
        // Few distinct keys, so removals and re-inserts of the same key are frequent.
        var keys = Enumerable.Range(0, holdsMax * 2).Select(i => new TransactionKey(random.Next(3), i, 1124120000 + random.Next(5))).Distinct().ToArray();
        for (var step = 0; step < 20_000; step++)
        {
            var key = keys[random.Next(keys.Length)];
            var hold = new HoldState { CardId = step, AmountMinor = random.Next(1, 1_000), DayNumber = step, Counted = (step & 1) == 0 };
            switch (random.Next(3))
            {
                case 0 when model.Count < holdsMax || model.ContainsKey(key):
                    table.Set(key, hold);
                    model[key] = hold;
                    break;
                case 1:
                    Assert.That(table.Remove(key), Is.EqualTo(model.Remove(key)), $"step {step}: remove {key}");
                    break;
                default:
                    var slot = table.Probe(key, out var found);
                    Assert.That(found, Is.EqualTo(model.ContainsKey(key)), $"step {step}: probe {key}");
                    if (!found && model.Count < holdsMax)
                    {
                        table.Insert(slot, key, hold);
                        model[key] = hold;
                    }

                    break;
            }

            Assert.That(table.Count, Is.EqualTo(model.Count), $"step {step}");
            if (step % 97 == 0)
            {
                foreach (var (modelKey, modelHold) in model)
                {
                    Assert.That(table.TryGetValue(modelKey, out var stored), Is.True, $"step {step}: {modelKey} lost");
                    Assert.That(stored, Is.EqualTo(modelHold));
                }

                var listed = table.ToList();
                Assert.That(listed, Has.Count.EqualTo(model.Count));
                Assert.That(listed.All(h => model.TryGetValue(h.Key, out var expected) && expected == h.Value), Is.True, $"step {step}: the slots hold what the model holds");
            }
        }
    }

    [Test]
    public void Slot_KeepsEveryFieldOfTheHold()
    {
        using var table = new HoldTable(4, adviseHugePages: false);
        var key = new TransactionKey(123456, 999_999, 1231235959);
        var hold = new HoldState
        {
            CardId = long.MaxValue,
            CardIndex = 7,
            AmountMinor = 999_999_999_999,
            DayNumber = 739_000,
            MonthNumber = 24_316,
            ApprovalCode = ApprovalCode.FromString("ZZ09AB"),
            DecidedOnBillingAmount = true,
            Counted = true,
        };
        Assert.That(table.TryAdd(key, hold), Is.True);
        Assert.That(table.TryAdd(key, hold), Is.False, "a key is added once");
        Assert.That(table.TryGetValue(key, out var stored), Is.True);
        Assert.That((stored, stored.CardIndex), Is.EqualTo((hold, 7)));
    }

    [Test]
    public void Table_PhysicallyFull_RefusesAnInsert_ButKeepsOneSlotEmpty()
    {
        using var table = new HoldTable(1, adviseHugePages: false); // 2 slots
        table.Set(new TransactionKey(1, 1, 1), default);
        Assert.Throws<InvalidOperationException>(() => table.Set(new TransactionKey(2, 2, 2), default));
        Assert.That(table.TryGetValue(new TransactionKey(2, 2, 2), out _), Is.False, "a probe still ends");
    }
}
