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

    /// <summary>How long a demo deposit waits for the engine to become active (it is loading at start).</summary>
    private static readonly TimeSpan EngineWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A demo deposit goes the way every deposit goes: through the engine when the host has one (a card just
    /// issued has joined the running engine with the balance of that moment, so a deposit written to the
    /// ledger behind its back would never reach it), waiting while the engine is still loading; straight to
    /// the ledger only in a host without the Authorization module.
    /// </summary>
    private static async Task DepositAsync(IServiceProvider services, ILedgerAccounts ledger, string cardholderId, long amountMinor, CancellationToken cancellationToken)
    {
        var key = "demo-deposit:" + cardholderId;
        if (services.GetService<IBalanceMovementGateway>() is not { } gateway)
        {
            await ledger.DepositAsync(cardholderId, amountMinor, key, cancellationToken);
            return;
        }

        var deadline = DateTimeOffset.UtcNow + EngineWait;
        while (true)
        {
            var movement = await gateway.MoveAsync(cardholderId, amountMinor, TransferCode.Deposit, key, cancellationToken);
            if (!movement.IsUnavailable)
            {
                if (movement.Result is not (TransferResultCode.Ok or TransferResultCode.Exists))
                {
                    throw new InvalidOperationException($"Demo deposit for {cardholderId} was refused: {movement.Result}.");
                }

                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Demo deposit for {cardholderId}: no active engine within {EngineWait.TotalSeconds} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

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
}
