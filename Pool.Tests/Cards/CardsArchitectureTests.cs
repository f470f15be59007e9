using System.Reflection;
using NetArchTest.Rules;
using Pool.Modules.Cards;
using Pool.Modules.Ledger;

namespace Pool.Tests.Cards;

/// <summary>The Cards module's boundaries (ARCHITECTURE.md §1, STYLE.md "Layout").</summary>
public sealed class CardsArchitectureTests
{
    private static readonly Assembly Cards = typeof(CardsModule).Assembly;

    [Test]
    public void CardsModule_ExportsOnlyItsModuleClassAndContracts()
    {
        var exported = Cards.GetExportedTypes()
            .Where(t => t != typeof(CardsModule) && t.Namespace != "Pool.Modules.Cards.Contracts")
            .Select(t => t.FullName)
            .ToList();

        Assert.That(exported, Is.Empty);
        Assert.That(Cards.GetExportedTypes(), Has.Member(typeof(Pool.Modules.Cards.Contracts.ICardDirectory)), "the check sees exported types");
    }

    [Test]
    public void CardsModule_UsesOnlyTheLedgersContracts()
    {
        var ledgerInternals = typeof(LedgerModule).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n != "Pool.Modules.Ledger.Contracts" && n.StartsWith("Pool.Modules.Ledger.", StringComparison.Ordinal))
            .Distinct()
            .ToArray();
        Assert.That(ledgerInternals, Is.Not.Empty, "the Ledger has internal namespaces to guard");

        var result = Types.InAssembly(Cards).ShouldNot().HaveDependencyOnAny([.. ledgerInternals, "Pool.Modules.Ledger.LedgerModule"]).GetResult();

        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }
}
