using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>Issue 5: replaying committed records onto loaded state rebuilds it exactly; undoing uncommitted records restores it exactly.</summary>
public sealed class ReplayAndUndoTests
{
    private static void RunMixedTraffic(EngineHarness engine)
    {
        var keys = new List<TransactionKey>();
        for (var i = 0; i < 40; i++)
        {
            var card = (i % 4) + 1;
            var purchase = engine.Purchase(card, 1_000 + (i * 137)) with { PartialApprovalSupported = i % 3 == 0 };
            engine.Decide(purchase);
            keys.Add(purchase.Key);
            switch (i % 8)
            {
                case 1:
                    engine.Decide(engine.Reversal(card, keys[^1], replacementMinor: 300));
                    break;
                case 2:
                    engine.Decide(engine.Advice(card, 2_000, ResponseCode.Approved, keys[^1]));
                    break;
                case 3:
                    engine.Execute(new AccountCommand { Kind = AccountCommandKind.Deposit, AccountId = card, AmountMinor = 3_000 });
                    break;
                case 4:
                    engine.Execute(new AccountCommand { Kind = AccountCommandKind.ClearingPosting, AccountId = card, HoldKey = keys[^1], HasHoldKey = true, AmountMinor = -900 });
                    break;
                case 5:
                    engine.SetControls(card, CardControls.Default with { DailyCountMax = 9 });
                    break;
                case 6:
                    engine.Decide(purchase with { IsRepeat = true });
                    engine.Clock.Advance(TimeSpan.FromHours(7));
                    break;
                case 7:
                    engine.Execute(new AccountCommand { Kind = AccountCommandKind.HoldExpiry, AccountId = card, HoldKey = keys[^2] });
                    engine.SetStatus(card, i % 16 == 7 ? CardStatus.Frozen : CardStatus.Active);
                    break;
            }
        }
    }

    [Test]
    public async Task Replay_OfAllRecords_RebuildsTheSameState()
    {
        await using var engine = new EngineHarness();
        RunMixedTraffic(engine);
        Assert.That(engine.Records, Has.Count.GreaterThan(60));
        Assert.That(engine.State.Snapshot().DifferencesFrom(engine.Replay(engine.Records)), Is.Empty);
    }

    [Test]
    public async Task Undo_OfAllRecordsNewestFirst_RestoresTheLoadedState()
    {
        await using var engine = new EngineHarness();
        var loaded = engine.State.Snapshot();
        RunMixedTraffic(engine);
        for (var i = engine.Records.Count - 1; i >= 0; i--)
        {
            engine.Core.Undo(engine.Records[i]);
        }

        Assert.That(engine.State.Snapshot().DifferencesFrom(loaded), Is.Empty);
    }

    [Test]
    public async Task Undo_OfTheNewestHalf_EqualsReplayOfTheOldestHalf()
    {
        await using var engine = new EngineHarness();
        RunMixedTraffic(engine);
        var keep = engine.Records.Count / 2;
        for (var i = engine.Records.Count - 1; i >= keep; i--)
        {
            engine.Core.Undo(engine.Records[i]);
        }

        Assert.That(engine.State.Snapshot().DifferencesFrom(engine.Replay(engine.Records.Take(keep))), Is.Empty);
    }
}
