using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Cards;

/// <summary>
/// <c>run --demo</c> on an empty database: the spec's example card (so link-messages.md's frames work
/// against the demo), a 10,000 yen deposit behind it, more cardholders, and one printed line.
/// </summary>
public sealed class DemoDataTests : CardsFixture
{
    private IModule Cards => Host.Application.Modules.Single(m => m.Name == "cards");

    [Test]
    public async Task DemoSeed_OnAnEmptyDatabase_IssuesTheSpecExampleCard_WithTenThousandYen_AndPrintsIt()
    {
        using var output = new StringWriter();
        await Cards.SeedDemoDataAsync(Host.Services, output, CancellationToken.None);

        var card = await Directory.FindByPanAsync("4242424242424242", CancellationToken.None);
        Assert.That(card, Is.Not.Null);
        Assert.That(card!.Expiry, Is.EqualTo("2812"));
        Assert.That(card.Status, Is.EqualTo(CardStatus.Active));
        Assert.That(card.Controls.BlockedMccs, Is.Empty);
        Assert.That(card.Controls.PerTransactionLimit, Is.Null);

        var ledger = Host.Services.GetRequiredService<ILedgerAccounts>();
        Assert.That(await ledger.GetBalanceAsync(card.CardholderId, CancellationToken.None), Is.EqualTo(new CardholderBalance(10_000, 0, 10_000)));

        var printed = output.ToString();
        Assert.That(printed, Does.Contain("4242424242424242").And.Contain("2812").And.Contain(card.CardholderId));
        Assert.That(printed.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));

        var all = new List<CardSnapshot>();
        await foreach (var snapshot in Directory.ReadAllAsync(CancellationToken.None))
        {
            all.Add(snapshot);
        }

        Assert.That(all.Select(c => c.CardholderId).Distinct().Count(), Is.EqualTo(4));
        foreach (var other in all.Where(c => c.CardholderId != card.CardholderId))
        {
            Assert.That((await ledger.GetBalanceAsync(other.CardholderId, CancellationToken.None))!.Available, Is.GreaterThan(0));
        }

        // A second seed finds data and does nothing.
        using var again = new StringWriter();
        await Cards.SeedDemoDataAsync(Host.Services, again, CancellationToken.None);
        var count = 0;
        await foreach (var unused in Directory.ReadAllAsync(CancellationToken.None))
        {
            count++;
        }

        Assert.That(count, Is.EqualTo(all.Count));
        Assert.That(again.ToString(), Is.Empty);
    }
}
