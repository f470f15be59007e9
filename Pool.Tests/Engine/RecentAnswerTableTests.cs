using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>The open-addressing recent-answer table: first in, first out when full; undo removes the newest.</summary>
public sealed class RecentAnswerTableTests
{
    [Test]
    public void FullTable_EvictsTheOldestAnswer()
    {
        using var table = new RecentAnswerTable(3, adviseHugePages: false);
        for (var i = 1; i <= 5; i++)
        {
            Assert.That(table.Set(Key(i), Answer(i)), Is.True);
        }

        Assert.That(table.Count, Is.EqualTo(3));
        Assert.That(Enumerable.Range(1, 5).Select(i => table.TryGet(Key(i), out _)), Is.EqualTo(new[] { false, false, true, true, true }));
        Assert.That(table.TryGet(Key(4), out var answer) ? answer.CardId : -1, Is.EqualTo(4));
    }

    [Test]
    public void SameKeyOfAnotherMtiClass_IsAnotherAnswer()
    {
        using var table = new RecentAnswerTable(4, adviseHugePages: false);
        var key = new TransactionKey(1, 2, 3);
        table.Set(new AnswerKey(RequestKind.Authorization, key), Answer(1));
        table.Set(new AnswerKey(RequestKind.Advice, key), Answer(2));
        Assert.That(table.TryGet(new AnswerKey(RequestKind.Authorization, key), out var first) ? first.CardId : -1, Is.EqualTo(1));
        Assert.That(table.TryGet(new AnswerKey(RequestKind.Advice, key), out var second) ? second.CardId : -1, Is.EqualTo(2));
        Assert.That(table.TryGet(new AnswerKey(RequestKind.Reversal, key), out _), Is.False);
    }

    [TestCase(4, 1)]
    [TestCase(100, 2)]
    public void RandomSetsEvictionsAndUndo_AgreeWithAModel(int capacity, int seed)
    {
        using var table = new RecentAnswerTable(capacity, adviseHugePages: false);
        var order = new List<AnswerKey>();
        var model = new Dictionary<AnswerKey, RecentAnswer>();
        var random = new Random(seed);
        var added = new Stack<AnswerKey>();
        for (var step = 0; step < 20_000; step++)
        {
            var key = new AnswerKey((RequestKind)random.Next(1, 5), new TransactionKey(random.Next(2), random.Next(capacity * 3), 1));
            if (random.Next(4) == 0 && added.Count > 0)
            {
                // Undo removes the newest additions, newest first, and only ones not evicted since.
                var newest = added.Pop();
                table.RemoveNewest(newest);
                model.Remove(newest);
                order.RemoveAt(order.Count - 1);
            }
            else
            {
                var isNew = table.Set(key, Answer(step));
                Assert.That(isNew, Is.EqualTo(!model.ContainsKey(key)), $"step {step}");
                if (isNew)
                {
                    if (order.Count == capacity)
                    {
                        model.Remove(order[0]);
                        order.RemoveAt(0);
                    }

                    order.Add(key);
                    added.Push(key);
                    // Keep undo within what the table still holds (the engine keeps it so by RecentAnswersPerPartitionMax > UncommittedPerPartitionMax).
                    while (added.Count > capacity / 2)
                    {
                        added = new Stack<AnswerKey>(added.Reverse().Skip(1));
                    }
                }

                model[key] = Answer(step);
            }

            Assert.That(table.Count, Is.EqualTo(model.Count), $"step {step}");
            if (step % 53 == 0)
            {
                var snapshot = table.Snapshot();
                Assert.That(snapshot, Has.Count.EqualTo(model.Count), $"step {step}");
                Assert.That(snapshot.All(a => model.TryGetValue(a.Key, out var expected) && expected == a.Value), Is.True, $"step {step}");
            }
        }
    }

    private static AnswerKey Key(int i) => new(RequestKind.Authorization, new TransactionKey(123456, i, 1124120000));

    private static RecentAnswer Answer(int i) => new()
    {
        CardId = i,
        ResponseCode = ResponseCode.Approved,
        HasAvailableBalance = true,
        ApprovalCode = ApprovalCode.FromString("A00001"),
        ApprovedAmountMinor = i,
        ApprovedTransactionAmountMinor = i,
        AvailableBalanceMinor = -i,
    };
}
