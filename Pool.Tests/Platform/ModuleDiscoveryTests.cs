using Pool.Host.Composition;

namespace Pool.Tests.Platform;

/// <summary>The host finds its modules through IModule alone.</summary>
[TestFixture]
public sealed class ModuleDiscoveryTests
{
    [Test]
    public void Discover_FindsEveryModuleBesideTheHost_OrderedAndUniquelyNamed()
    {
        var modules = ModuleCatalog.Discover();

        var names = modules.Select(m => m.Name).ToList();
        Assert.That(names, Does.Contain("access"));
        Assert.That(names, Is.Unique);
        Assert.That(modules.Select(m => m.Order), Is.Ordered);
        Assert.That(modules.All(m => m.GetType().Assembly.GetName().Name!.StartsWith("Pool.Modules.", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void Discover_InAFolderWithoutModules_FindsNone()
    {
        var empty = Directory.CreateTempSubdirectory("pool-no-modules").FullName;

        var modules = ModuleCatalog.Discover(empty);

        Assert.That(modules, Is.Empty);
    }
}
