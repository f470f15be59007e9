using Pool.Modules.Ledger;

namespace Pool.Tests.Ledger;

/// <summary>The module's only public door is LedgerModule and Contracts (STYLE.md, Layout).</summary>
[TestFixture]
public sealed class LedgerBoundaryTests
{
    [Test]
    public void LedgerModule_ExportsOnlyTheModuleAndContracts()
    {
        var exported = typeof(LedgerModule).Assembly.GetExportedTypes()
            .Where(t => t != typeof(LedgerModule) && t.Namespace != "Pool.Modules.Ledger.Contracts")
            .Select(t => t.FullName);

        Assert.That(exported, Is.Empty);
    }

    [Test]
    public void LedgerModule_ReferencesNoOtherModule()
    {
        var references = typeof(LedgerModule).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Pool.", StringComparison.Ordinal));

        Assert.That(references, Is.EquivalentTo(new[] { "Pool.Modules.Abstractions" }));
    }
}
