using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;

namespace Pool.Tests.Engine;

/// <summary>Issue 5 "Durability": answers wait for the commit; a failed or late commit is undone and answered 91.</summary>
public sealed class JournalPipelineTests
{
    private FaultyJournal _journal = null!;
    private EngineHarness _engine = null!;
    private CollectingCompletion _answers = null!;

    [SetUp]
    public void SetUp()
    {
        _journal = new FaultyJournal();
        _engine = new EngineHarness(cards: 8, partitions: 2, committer: _journal, configure: o => o.CommitBudgetMs = 500);
        _answers = new CollectingCompletion();
    }

    [TearDown]
    public async Task TearDown()
    {
        _journal.Release();
        await _engine.DisposeAsync();
    }

    private long DecidedCount() => _engine.Engine.Partition(0).LastSequence + _engine.Engine.Partition(1).LastSequence;

    [Test]
    public void Answer_IsReleasedOnlyAfterItsRecordIsCommitted()
    {
        _engine.Engine.Start();
        _journal.Hold();
        Assert.That(_engine.Engine.TrySubmit(_engine.Purchase(1, 1_000), _answers, 1), Is.EqualTo(SubmitResult.Accepted));
        CollectingCompletion.WaitUntil(() => _journal.CommitsEntered == 1, "the commit to start");
        Assert.That(_answers.Calls, Is.Zero, "no answer before the decision is durable (spec §7)");
        _journal.Release();
        CollectingCompletion.WaitUntil(() => _answers.Calls == 1, "the answer");
        Assert.That(_answers.Answers[1].ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_journal.Durable, Has.Count.EqualTo(1));
    }

    [Test]
    public void FailedCommit_UndoesItsBatchAndEverythingDecidedAfter_AndAnswersThemAll91()
    {
        _engine.Engine.Start();
        var before = _engine.State.Snapshot();
        _journal.Hold();
        _journal.Arm(JournalFailpoint.Fail);
        for (var i = 1; i <= 8; i++)
        {
            _engine.Engine.TrySubmit(_engine.Purchase(i, 1_000 * i), _answers, i);
        }

        CollectingCompletion.WaitUntil(() => DecidedCount() == 8, "all eight decisions");
        Assert.That(_engine.State.Snapshot().DifferencesFrom(before), Is.Not.Empty, "decided in memory before the commit");
        _journal.Release();
        CollectingCompletion.WaitUntil(() => _answers.Calls == 8, "eight answers");
        Assert.Multiple(() =>
        {
            Assert.That(_answers.Answers.Values.Select(a => a.ResponseCode), Is.All.EqualTo(ResponseCode.IssuerUnavailable));
            Assert.That(_engine.State.Snapshot().DifferencesFrom(before), Is.Empty, "back to the last committed state");
        });

        // The engine carries on: the next decisions commit and the state equals the committed journal replayed.
        _engine.Engine.TrySubmit(_engine.Purchase(1, 500), _answers, 100);
        CollectingCompletion.WaitUntil(() => _answers.Calls == 9, "the next answer");
        Assert.That(_answers.Answers[100].ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.State.Snapshot().DifferencesFrom(_engine.Replay(_journal.Durable)), Is.Empty);
    }

    [Test]
    public void CommitOverBudget_IsUndoneAndAnswered91()
    {
        _engine.Engine.Start();
        var before = _engine.State.Snapshot();
        _journal.Arm(JournalFailpoint.Timeout);
        _engine.Engine.TrySubmit(_engine.Purchase(1, 1_000), _answers, 1);
        CollectingCompletion.WaitUntil(() => _journal.CommitsEntered == 1, "the commit to start");
        _engine.Clock.Advance(TimeSpan.FromMilliseconds(_engine.Options.CommitBudgetMs));
        CollectingCompletion.WaitUntil(() => _answers.Calls == 1, "the answer");
        Assert.That(_answers.Answers[1].ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable));
        Assert.That(_engine.State.Snapshot().DifferencesFrom(before), Is.Empty);

        // The engine carries on after the late commit.
        _engine.Engine.TrySubmit(_engine.Purchase(1, 1_000), _answers, 2);
        CollectingCompletion.WaitUntil(() => _answers.Calls == 2, "the next answer");
        Assert.That(_answers.Answers[2].ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public void EpochRejection_DeposesTheEngine_AndEveryLaterRequestIsAnswered91()
    {
        _engine.Engine.Start();
        _journal.Arm(JournalFailpoint.RejectEpoch);
        _engine.Engine.TrySubmit(_engine.Purchase(1, 1_000), _answers, 1);
        CollectingCompletion.WaitUntil(() => _answers.Calls == 1, "the answer");
        Assert.Multiple(() =>
        {
            Assert.That(_answers.Answers[1].ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable));
            Assert.That(_engine.Engine.IsDeposed, Is.True);
            Assert.That(_engine.Engine.TrySubmit(_engine.Purchase(2, 1_000), _answers, 2), Is.EqualTo(SubmitResult.NotAccepting));
            Assert.That(_answers.Answers[2].ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable));
        });
    }

    [Test]
    public void FullPartitionQueue_IsAnswered91AtOnce()
    {
        // Writers not started, so nothing drains the queue.
        _engine.Engine.Start(startWorkers: false);
        var partition = _engine.State.PartitionOfCardKey(EngineHarness.CardKey(1));
        var accepted = 0;
        SubmitResult result;
        do
        {
            result = _engine.Engine.TrySubmit(_engine.Purchase(1, 1), _answers, accepted);
            accepted += result == SubmitResult.Accepted ? 1 : 0;
        }
        while (result == SubmitResult.Accepted && accepted <= _engine.Options.PartitionQueueMax);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(SubmitResult.QueueFull));
            Assert.That(accepted, Is.EqualTo(_engine.Options.PartitionQueueMax));
            Assert.That(_answers.Answers[accepted].ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable));
            Assert.That(partition, Is.InRange(0, 1));
        });
    }

    [Test]
    public async Task AdminCommand_GoesThroughTheOrderedPath_AndAppliesToTheNextAuthorization()
    {
        _engine.Engine.Start();
        var outcome = await _engine.Engine.ExecuteAsync(new AccountCommand { Kind = AccountCommandKind.CardStatusChange, CardId = 1, Status = Pool.Authorization.Engine.State.CardStatus.Stolen }, CancellationToken.None);
        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
        _engine.Engine.TrySubmit(_engine.Purchase(1, 1_000), _answers, 1);
        CollectingCompletion.WaitUntil(() => _answers.Calls == 1, "the answer");
        Assert.That(_answers.Answers[1].ResponseCode, Is.EqualTo(ResponseCode.StolenCard));
    }

    [Test]
    public void Retransmission_OfAnUncommittedDecision_WaitsForItAndFailsWithIt()
    {
        _engine.Engine.Start();
        _journal.Hold();
        _journal.Arm(JournalFailpoint.Fail);
        var purchase = _engine.Purchase(1, 1_000);
        _engine.Engine.TrySubmit(purchase, _answers, 1);
        _engine.Engine.TrySubmit(purchase with { IsRepeat = true }, _answers, 2);
        CollectingCompletion.WaitUntil(() => DecidedCount() == 2, "both decisions");
        Assert.That(_answers.Calls, Is.Zero);
        _journal.Release();
        CollectingCompletion.WaitUntil(() => _answers.Calls == 2, "both answers");
        Assert.That(_answers.Answers[2].ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable));
    }
}
