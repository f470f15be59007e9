using Microsoft.Extensions.DependencyInjection;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Authorization;

/// <summary>The public door for clearing and jobs: postings and expiries go through the engine and the ledger in one commit.</summary>
[TestFixture]
public sealed class AuthorizationLedgerGatewayTests
{
    private EngineHostHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await EngineHostHarness.StartOnNewDatabaseAsync(nameof(AuthorizationLedgerGatewayTests));

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    private IAuthorizationLedgerGateway Gateway => _harness.Host.Services.GetRequiredService<IAuthorizationLedgerGateway>();

    [Test]
    public async Task ClearingOfAMatchedAuthorization_PostsItsHold_AndTheExcessIsForced()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var key = EngineHostHarness.NextKey();
        var approval = await _harness.DecideAsync(_harness.Purchase(card, 3_000, key));
        var match = (await Gateway.FindAuthorizationsAsync(new AuthorizationQuery(CardId: card.CardId, ApprovalCode: approval.ApprovalCode.ToString()), CancellationToken.None)).Single();
        Assert.That((match.Status, match.HeldMinor), Is.EqualTo(("approved", (long?)3_000)));

        var posting = new ClearingPosting("clearing:test:" + Guid.NewGuid().ToString("N"), card.CardId, 3_500, IsCredit: false, match.AuthorizationId);
        var result = await Gateway.PostClearingAsync(posting, CancellationToken.None);
        var repeat = await Gateway.PostClearingAsync(posting, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(GatewayStatus.Applied));
        Assert.That(repeat.Status, Is.EqualTo(GatewayStatus.Repeated));
        var balance = await _harness.BalanceAsync(card.CardholderId);
        Assert.That((balance.GetProperty("posted").GetInt64(), balance.GetProperty("held").GetInt64()), Is.EqualTo((6_500L, 0L)));
        var after = (await Gateway.FindAuthorizationsAsync(new AuthorizationQuery(CardId: card.CardId), CancellationToken.None)).Single();
        Assert.That(after.Status, Is.EqualTo("cleared"));
        var check = await _harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
        Assert.That(check.Findings, Is.Empty);
    }

    [Test]
    public async Task ClearingBatch_AnswersEachPostingAtItsIndex_AndAKeyTwiceInTheBatchPostsOnce()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var approval = await _harness.DecideAsync(_harness.Purchase(card, 3_000));
        var code = approval.ApprovalCode.ToString();
        Assert.That(await Gateway.WaitForProjectionAsync(CancellationToken.None), Is.True, "the approval is in the log and holds");
        var matched = await Gateway.MatchClearingAsync(
            [
                new ClearingMatchQuery(card.CardId, code, "000000000000", 123456, DateOnly.FromDateTime(DateTime.UtcNow)),
                new ClearingMatchQuery(card.CardId, "ZZZZZZ", null, 123456, DateOnly.FromDateTime(DateTime.UtcNow)),
            ],
            30,
            CancellationToken.None);
        Assert.That(matched[0], Is.Not.Null, "another RRN: matched by code, acquirer and date");
        Assert.That(matched[1], Is.Null, "no authorization with that code");

        var prefix = "clearing:batch:" + Guid.NewGuid().ToString("N");
        ClearingPosting[] batch =
        [
            new(prefix + ":1", card.CardId, 1_000, IsCredit: false, matched[0], ReleasesHold: false),
            new(prefix + ":2", card.CardId, 500, IsCredit: true, AuthorizationId: null),
            new(prefix + ":1", card.CardId, 1_000, IsCredit: false, matched[0], ReleasesHold: false),
            new(prefix + ":3", "card_unknown", 100, IsCredit: false, AuthorizationId: null),
            new(prefix + ":4", card.CardId, -1, IsCredit: false, AuthorizationId: null),
            new(prefix + ":5", card.CardId, 100, IsCredit: false, "auth_999999999"),
        ];

        var results = await Gateway.PostClearingBatchAsync(batch, CancellationToken.None);
        var again = await Gateway.PostClearingBatchAsync(batch[..2], CancellationToken.None);

        Assert.That(results.Select(r => r.Status), Is.EqualTo(new[]
        {
            GatewayStatus.Applied, GatewayStatus.Applied, GatewayStatus.Repeated, GatewayStatus.UnknownCard, GatewayStatus.Invalid, GatewayStatus.UnknownAuthorization,
        }));
        Assert.That(again.Select(r => r.Status), Is.EqualTo(new[] { GatewayStatus.Repeated, GatewayStatus.Repeated }));
        var balance = await _harness.BalanceAsync(card.CardholderId);
        Assert.That(
            (balance.GetProperty("posted").GetInt64(), balance.GetProperty("held").GetInt64()),
            Is.EqualTo((9_500L, 2_000L)),
            "1,000 cleared from the 3,000 hold (2,000 still held), 500 credited, once");
        var check = await _harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
        Assert.That(check.Findings, Is.Empty);
    }

    [Test]
    public async Task HoldsPastTheirExpiry_AreReleased_AndListedAsExpired()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 2_000))).ResponseCode, Is.EqualTo(ResponseCode.Approved));

        var early = await Gateway.ExpireHoldsAsync(DateTimeOffset.UtcNow.AddDays(6), 1000, CancellationToken.None);
        var due = await Gateway.ExpireHoldsAsync(DateTimeOffset.UtcNow.AddDays(8), 1000, CancellationToken.None);

        Assert.That(early, Is.EqualTo((0, true)), "not yet 7 days");
        Assert.That(due.Released, Is.GreaterThanOrEqualTo(1));
        Assert.That((await _harness.BalanceAsync(card.CardholderId)).GetProperty("held").GetInt64(), Is.Zero);
        var listed = (await Gateway.FindAuthorizationsAsync(new AuthorizationQuery(CardId: card.CardId), CancellationToken.None)).Single();
        Assert.That(listed.Status, Is.EqualTo("expired"));
    }
}
