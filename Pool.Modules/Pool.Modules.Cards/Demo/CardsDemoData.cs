using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pool.Modules.Cards.Application;
using Pool.Modules.Cards.Persistence;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Cards.Demo;

/// <summary>
/// Demo data for <c>run --demo</c> on an empty database: the spec's example card, so the byte-exact
/// frames of spec/examples/link-messages.md work as they are, and a few more cardholders.
/// </summary>
internal static class CardsDemoData
{
    /// <summary>The example card of link-messages.md (DE2 and DE14). A well-known test PAN, not a secret.</summary>
    public const string ExamplePan = "4242424242424242";

    /// <inheritdoc cref="ExamplePan"/>
    public const string ExampleExpiry = "2812";

    /// <summary>The example cardholder's deposit, in yen: the 0110 example shows 8,800 available after a 1,200 hold.</summary>
    public const long ExampleDepositMinor = 10_000;

    /// <summary>The other demo cardholders and their deposits, in yen.</summary>
    private static readonly (string Name, long DepositMinor)[] Others =
    [
        ("Hanako Yamada", 50_000),
        ("Taro Suzuki", 3_000),
        ("Aiko Tanaka", 120_000),
    ];

    public static async Task SeedAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var cardholders = services.GetRequiredService<CardholderStore>();
        if (await cardholders.AnyAsync(cancellationToken))
        {
            return;
        }

        var creator = services.GetRequiredService<CardholderService>();
        var issuer = services.GetRequiredService<CardIssuer>();
        var ledger = services.GetRequiredService<ILedgerAccounts>();

        var example = await creator.CreateAsync("Demo Cardholder", cancellationToken);
        var exampleCard = await issuer.IssueWithPanAsync(example.Id, ExamplePan, ExampleExpiry, cancellationToken);
        await DepositAsync(services, ledger, example.Id, ExampleDepositMinor, cancellationToken);

        foreach (var (name, depositMinor) in Others)
        {
            var cardholder = await creator.CreateAsync(name, cancellationToken);
            var result = await issuer.IssueAsync(cardholder.Id, key: null, cancellationToken);
            if (result.Outcome != IssueOutcome.Issued)
            {
                throw new InvalidOperationException($"Demo card for {cardholder.Id} was not issued: {result.Outcome}.");
            }

            await DepositAsync(services, ledger, cardholder.Id, depositMinor, cancellationToken);
        }

        // The one line that prints a PAN: the spec's public example card, so a newcomer can send an authorization.
        await output.WriteLineAsync(
            $"  Demo card        PAN {ExamplePan}, expiry {ExampleExpiry} (YYMM), card {exampleCard.Id}, cardholder {example.Id}, deposit {ExampleDepositMinor} yen");
        CardsLog.DemoSeeded(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CardsDemoData)), 1 + Others.Length, 1 + Others.Length);
    }

    /// <summary>Longest wait for an active engine to take a demo deposit.</summary>
    private static readonly TimeSpan DepositTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A demo deposit through the engine's ordered path when the host has one (the engine may already hold the
    /// account: a deposit straight to the ledger would leave its balance behind, which ledger-check reports),
    /// retried while no engine is active yet; straight to the ledger only in a host without the engine.
    /// </summary>
    private static async Task DepositAsync(IServiceProvider services, ILedgerAccounts ledger, string cardholderId, long amountMinor, CancellationToken cancellationToken)
    {
        var key = "demo-deposit:" + cardholderId;
        if (services.GetService<IBalanceMovementGateway>() is not { } gateway)
        {
            await ledger.DepositAsync(cardholderId, amountMinor, key, cancellationToken);
            return;
        }

        var deadline = DateTimeOffset.UtcNow + DepositTimeout;
        while (true)
        {
            var movement = await gateway.MoveAsync(cardholderId, amountMinor, TransferCode.Deposit, key, cancellationToken);
            if (!movement.IsUnavailable)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No active engine took the demo deposit of {cardholderId} within {DepositTimeout.TotalSeconds} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
