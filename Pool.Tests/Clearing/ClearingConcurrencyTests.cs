using Pool.Tests.Authorization;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Clearing;

/// <summary>Imports racing with authorizations on the same cards: holds and available balances stay right (issue 6).</summary>
[TestFixture]
public sealed class ClearingConcurrencyTests : ClearingFixture
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Clearing:PostingBatchMax"] = "7" };

    [Test]
    public async Task ImportRacingAuthorizationsOnTheSameCards_LeavesEveryBalanceEqualToItsHistory()
    {
        const int cards = 8;
        const int clearedPerCard = 3;
        const int openPerCard = 2;
        const int racingPerCard = 6;
        const long deposit = 100_000;
        var issued = new List<TestCard>();
        var file = new ClearingFileText();
        for (var c = 0; c < cards; c++)
        {
            var card = await NewCardAsync(deposit);
            issued.Add(card);
            for (var a = 0; a < clearedPerCard + openPerCard; a++)
            {
                var code = await ApproveAsync(card, 1_000);
                if (a < clearedPerCard)
                {
                    file.Add("05", card.Pan, 900, code, "432812345678");
                }
            }

            file.Add("07", card.Pan, 500);
            file.Add("06", card.Pan, 200);
        }

        // Authorizations of 100 yen on the same cards while the file posts.
        var racing = Task.Run(async () =>
        {
            var approved = 0;
            for (var r = 0; r < racingPerCard; r++)
            {
                var answers = await Task.WhenAll(issued.Select(card => Harness.DecideAsync(Harness.Purchase(card, 100))));
                approved += answers.Count(a => a.ResponseCode == ResponseCode.Approved);
            }

            return approved;
        });
        var report = await ImportAsync(file);
        var approvedWhileImporting = await racing;

        Assert.That(approvedWhileImporting, Is.EqualTo(cards * racingPerCard));
        Assert.That((report.Matched.Count, report.ForcePosted.Count, report.Credits.Count), Is.EqualTo(((long)cards * clearedPerCard, (long)cards, (long)cards)));
        foreach (var card in issued)
        {
            var held = openPerCard * 1_000L + racingPerCard * 100L;
            var posted = deposit - clearedPerCard * 900 - 500 + 200;
            Assert.That(await BalanceAsync(card), Is.EqualTo((posted, held, posted - held)), card.CardId);
        }

        await AssertLedgerBalancedAsync();
    }
}
