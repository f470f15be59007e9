using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>
/// Issue 5 / docs/engine.md "Cards issued at runtime": a card issued after the load joins the running
/// engine on its account's partition, without a reload; a full table is a clear refusal that changes nothing.
/// </summary>
public sealed class CardIssueTests
{
    private EngineHarness _engine = null!;
    private CollectingCompletion _answers = null!;
    private long _correlation;

    [SetUp]
    public void SetUp()
    {
        // Two cards on two accounts loaded, room for two more cards and one more account.
        _engine = new EngineHarness(cards: 2, partitions: 2, configure: o =>
        {
            o.CardsMax = 4;
            o.AccountsMax = 3;
        });
        _answers = new CollectingCompletion();
        _engine.Engine.Start();
    }

    [TearDown]
    public async Task TearDown()
    {
        // Disposing twice is allowed: some tests stop the engine themselves.
        await _engine.DisposeAsync();
    }

    private static CardIssue Issue(long cardId, long accountId, long postedMinor = 0) => new()
    {
        CardId = cardId,
        CardKey = EngineHarness.CardKey(cardId),
        AccountId = accountId,
        AccountPostedMinor = postedMinor,
        Status = CardStatus.Active,
        ExpiryYymm = EngineHarness.Expiry,
        Controls = CardControls.Default,
    };

    private AuthorizationOutcome Submit(in AuthorizationRequest request)
    {
        var correlation = Interlocked.Increment(ref _correlation);
        Assert.That(_engine.Engine.TrySubmit(in request, _answers, correlation), Is.EqualTo(SubmitResult.Accepted));
        CollectingCompletion.WaitUntil(() => _answers.Answers.ContainsKey(correlation), $"answer {correlation}");
        return _answers.Answers[correlation];
    }

    [Test]
    public async Task IssuedCard_OnAKnownAccount_IsDecidedByItsNextAuthorization()
    {
        Assert.That(Submit(_engine.Purchase(10, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.InvalidCardNumber), "not issued yet");

        var result = await _engine.Engine.IssueCardAsync(Issue(10, accountId: 1), CancellationToken.None);

        Assert.That(result, Is.EqualTo(CardIssueResult.Added));
        Assert.That(Submit(_engine.Purchase(10, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, 1_000L)), "the hold is on the card's account");
        Assert.That(_engine.State.CardCount, Is.EqualTo(3));
    }

    [Test]
    public async Task IssuedCard_OnANewAccount_AddsTheAccountWithItsPostedBalance()
    {
        var result = await _engine.Engine.IssueCardAsync(Issue(11, accountId: 50, postedMinor: 3_000), CancellationToken.None);

        Assert.That(result, Is.EqualTo(CardIssueResult.Added));
        Assert.That(_engine.State.AccountCount, Is.EqualTo(3));
        Assert.That(Submit(_engine.Purchase(11, 5_000)).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
        Assert.That(Submit(_engine.Purchase(11, 2_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(50), Is.EqualTo((3_000L, 2_000L)));
    }

    [Test]
    public async Task IssuedCard_Repeated_IsAlreadyAdded_AndChangesNothing()
    {
        Assert.That(await _engine.Engine.IssueCardAsync(Issue(10, accountId: 2), CancellationToken.None), Is.EqualTo(CardIssueResult.Added));
        var before = _engine.State.Snapshot();

        var again = await _engine.Engine.IssueCardAsync(Issue(10, accountId: 2), CancellationToken.None);

        Assert.That(again, Is.EqualTo(CardIssueResult.AlreadyAdded));
        Assert.That(_engine.State.Snapshot().DifferencesFrom(before), Is.Empty);
        Assert.That(_engine.State.CardCount, Is.EqualTo(3));
    }

    [Test]
    public async Task IssuedCard_WithAnotherCardsToken_IsAConflict_AndChangesNothing()
    {
        var stolenToken = Issue(12, accountId: 1) with { CardKey = EngineHarness.CardKey(1) };

        var result = await _engine.Engine.IssueCardAsync(stolenToken, CancellationToken.None);

        Assert.That(result, Is.EqualTo(CardIssueResult.Conflict));
        Assert.That(_engine.State.CardCount, Is.EqualTo(2));
        Assert.That(_engine.State.TryGetCard(12, out _, out _, out _, out _), Is.False);
    }

    [Test]
    public async Task CardTable_WhenFull_RefusesWithCardTableFull_AndKeepsDeciding()
    {
        Assert.That(await _engine.Engine.IssueCardAsync(Issue(10, accountId: 1), CancellationToken.None), Is.EqualTo(CardIssueResult.Added));
        Assert.That(await _engine.Engine.IssueCardAsync(Issue(11, accountId: 2), CancellationToken.None), Is.EqualTo(CardIssueResult.Added));

        var full = await _engine.Engine.IssueCardAsync(Issue(12, accountId: 1), CancellationToken.None);

        Assert.That(full, Is.EqualTo(CardIssueResult.CardTableFull));
        Assert.That(_engine.State.CardCount, Is.EqualTo(4));
        Assert.That(Submit(_engine.Purchase(12, 100)).ResponseCode, Is.EqualTo(ResponseCode.InvalidCardNumber));
        Assert.That(Submit(_engine.Purchase(11, 100)).ResponseCode, Is.EqualTo(ResponseCode.Approved), "the engine keeps working");
    }

    [Test]
    public async Task AccountTable_WhenFull_RefusesWithAccountTableFull_AndAddsNoCard()
    {
        Assert.That(await _engine.Engine.IssueCardAsync(Issue(10, accountId: 50, postedMinor: 1_000), CancellationToken.None), Is.EqualTo(CardIssueResult.Added));

        var full = await _engine.Engine.IssueCardAsync(Issue(11, accountId: 51, postedMinor: 1_000), CancellationToken.None);

        Assert.That(full, Is.EqualTo(CardIssueResult.AccountTableFull));
        Assert.That((_engine.State.AccountCount, _engine.State.CardCount), Is.EqualTo((3, 3)));
        Assert.That(_engine.State.TryGetBalance(51, out _, out _), Is.False);
    }

    [Test]
    public async Task IssueCard_AfterTheEngineStopped_IsUnavailable()
    {
        await _engine.Engine.DisposeAsync();

        var result = await _engine.Engine.IssueCardAsync(Issue(10, accountId: 1), CancellationToken.None);

        Assert.That(result, Is.EqualTo(CardIssueResult.Unavailable));
        Assert.That(_engine.State.CardCount, Is.EqualTo(2));
    }

    [Test]
    public async Task IssuedCards_WhileOtherCardsAreDecided_NeverHoldThemUp()
    {
        // Card 1 is decided continuously while cards join on both partitions; every answer is a decision.
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(() =>
        {
            var codes = new List<ResponseCode>();
            while (!stop.IsCancellationRequested)
            {
                codes.Add(Submit(_engine.Purchase(1, 1)).ResponseCode);
            }

            return codes;
        });
        CollectingCompletion.WaitUntil(() => _answers.Calls > 10, "traffic on card 1");

        Assert.That(await _engine.Engine.IssueCardAsync(Issue(10, accountId: 1), CancellationToken.None), Is.EqualTo(CardIssueResult.Added));
        Assert.That(await _engine.Engine.IssueCardAsync(Issue(11, accountId: 2), CancellationToken.None), Is.EqualTo(CardIssueResult.Added));
        Assert.That(Submit(_engine.Purchase(10, 100)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(Submit(_engine.Purchase(11, 100)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        var calls = _answers.Calls;
        CollectingCompletion.WaitUntil(() => _answers.Calls > calls + 10, "more traffic after the issues");
        await stop.CancelAsync();
        var answered = await traffic;

        Assert.That(answered.Distinct(), Is.EqualTo(new[] { ResponseCode.Approved }), "no 91 or 14 for a card already loaded");
    }
}
