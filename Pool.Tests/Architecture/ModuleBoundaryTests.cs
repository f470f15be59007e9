using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using Pool.Host.Composition;
using Pool.Modules.Abstractions;

namespace Pool.Tests.Architecture;

/// <summary>
/// The boundaries of ARCHITECTURE.md §1 as tests: a module shows only its IModule class and its
/// Contracts; another module uses only those; a module's SQL names only its own schema; the engine
/// knows neither ASP.NET Core nor a database.
/// </summary>
[TestFixture]
public sealed partial class ModuleBoundaryTests
{
    private const string ModulePrefix = "Pool.Modules.";
    private const string AbstractionsAssembly = "Pool.Modules.Abstractions";

    private static IReadOnlyList<Assembly> ModuleAssemblies() =>
        ModuleCatalog.Discover().Select(m => m.GetType().Assembly).Distinct().ToList();

    [Test]
    public void EveryModuleAssembly_ExportsOnlyItsModuleClassAndContracts()
    {
        var violations = new List<string>();
        foreach (var assembly in ModuleAssemblies())
        {
            violations.AddRange(ExportViolations(assembly));
        }

        Assert.That(violations, Is.Empty, "public types outside Contracts: " + string.Join(", ", violations));
    }

    [Test]
    public void ExportRule_CatchesAPublicInternalType()
    {
        // The rule must be able to fail: this test assembly exports types outside any Contracts namespace.
        Assert.That(ExportViolations(typeof(ModuleBoundaryTests).Assembly), Is.Not.Empty);
    }

    [Test]
    public void NoModule_DependsOnAnotherModulesInternals()
    {
        var assemblies = ModuleAssemblies();
        var failures = new List<string>();
        foreach (var assembly in assemblies)
        {
            var forbidden = assemblies
                .Where(other => other != assembly)
                .SelectMany(InternalTypeNames)
                .ToArray();
            if (forbidden.Length == 0)
            {
                continue;
            }

            var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
            if (!result.IsSuccessful)
            {
                failures.AddRange(result.FailingTypeNames ?? []);
            }
        }

        Assert.That(failures, Is.Empty, "types using another module's internals: " + string.Join(", ", failures));
    }

    [Test]
    public void DependencyRule_CatchesAUseOfInternals()
    {
        // This test itself uses one of the Access module's internals (Pool.Tests may, through
        // InternalsVisibleTo): the rule must see that use.
        Assert.That(Pool.Modules.Access.ApiKeys.Roles.IsKnown("viewer"), Is.True);
        var access = typeof(Pool.Modules.Access.AccessModule).Assembly;

        var result = Types.InAssembly(typeof(ModuleBoundaryTests).Assembly).ShouldNot().HaveDependencyOnAny(InternalTypeNames(access).ToArray()).GetResult();

        Assert.That(result.IsSuccessful, Is.False);
    }

    [Test]
    public void NoModule_NamesAnotherModulesSchemaInItsSql()
    {
        var root = RepositoryRoot();
        var modules = ModuleCatalog.Discover();
        var failures = new List<string>();
        foreach (var module in modules)
        {
            var folder = Path.Combine(root, "Pool.Modules", module.GetType().Assembly.GetName().Name!);
            var others = modules.Where(m => m.Name != module.Name).Select(m => m.Name).ToList();
            foreach (var file in Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                         .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
            {
                failures.AddRange(SchemaViolations(File.ReadAllText(file), others).Select(v => $"{Path.GetRelativePath(root, file)}: {v}"));
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [TestCase("SELECT * FROM ledger.accounts", "ledger", true)]
    [TestCase("INSERT INTO \"ledger\".transfers VALUES (1)", "ledger", true)]
    [TestCase("UPDATE ledger.accounts SET x = 1", "ledger", true)]
    [TestCase("-- the ledger. module owns money", "ledger", false)]
    [TestCase("SELECT * FROM cards.cards", "ledger", false)]
    public void SchemaRule_SeesSqlThatNamesASchema(string sql, string schema, bool violates)
    {
        Assert.That(SchemaViolations(sql, [schema]).Any(), Is.EqualTo(violates));
    }

    [Test]
    public void Engine_ReferencesNeitherAspNetCoreNorADatabase()
    {
        var engine = Assembly.Load("Pool.Authorization.Engine");

        var references = engine.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.That(references.Where(IsForbiddenForTheEngine), Is.Empty);
        Assert.That(references, Is.Not.Empty);
    }

    [TestCase("Microsoft.AspNetCore.Http", true)]
    [TestCase("Npgsql", true)]
    [TestCase("Dapper", true)]
    [TestCase("System.Data.Common", true)]
    [TestCase("System.IO.Pipelines", false)]
    [TestCase("System.Runtime", false)]
    public void EngineRule_KnowsWhatIsForbidden(string assemblyName, bool forbidden)
    {
        Assert.That(IsForbiddenForTheEngine(assemblyName), Is.EqualTo(forbidden));
    }

    [Test]
    public void Engine_IsNoModule_AndModulesReferenceOnlyAbstractionsAndContracts()
    {
        foreach (var assembly in ModuleAssemblies())
        {
            var name = assembly.GetName().Name!;
            var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Pool.", StringComparison.Ordinal));
            Assert.That(references.Where(n => !IsAllowedPoolReference(name, n)), Is.Empty, $"{name} references a Pool assembly that is not a module or Abstractions");
        }
    }

    [TestCase("Pool.Modules.Authorization", "Pool.Authorization.Engine", true)]
    [TestCase("Pool.Modules.Ledger", "Pool.Authorization.Engine", false)]
    [TestCase("Pool.Modules.Authorization", "Pool.Host", false)]
    [TestCase("Pool.Modules.Cards", "Pool.Modules.Ledger", true)]
    public void ReferenceRule_LetsOnlyTheAuthorizationModuleHostTheEngine(string module, string reference, bool allowed)
    {
        Assert.That(IsAllowedPoolReference(module, reference), Is.EqualTo(allowed));
    }

    /// <summary>Modules reference modules (their Contracts, checked above) and Abstractions; only the Authorization module hosts the engine.</summary>
    private static bool IsAllowedPoolReference(string module, string reference) =>
        reference.StartsWith(ModulePrefix, StringComparison.Ordinal)
        || (module == ModulePrefix + "Authorization" && reference == "Pool.Authorization.Engine");

    private static bool IsForbiddenForTheEngine(string assemblyName) =>
        assemblyName.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
        || assemblyName.StartsWith("Npgsql", StringComparison.Ordinal)
        || assemblyName.StartsWith("Dapper", StringComparison.Ordinal)
        || assemblyName.StartsWith("System.Data", StringComparison.Ordinal);

    private static IEnumerable<string> ExportViolations(Assembly assembly)
    {
        var contracts = assembly.GetName().Name + ".Contracts";
        return assembly.GetExportedTypes()
            .Where(t => !typeof(IModule).IsAssignableFrom(t))
            .Where(t => t.Namespace is null || !(t.Namespace == contracts || t.Namespace.StartsWith(contracts + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName!);
    }

    private static IEnumerable<string> InternalTypeNames(Assembly assembly)
    {
        if (assembly.GetName().Name == AbstractionsAssembly)
        {
            return [];
        }

        var contracts = assembly.GetName().Name + ".Contracts";
        return assembly.GetTypes()
            .Where(t => !t.IsNested && !typeof(IModule).IsAssignableFrom(t))
            .Where(t => t.Namespace is not null && !(t.Namespace == contracts || t.Namespace.StartsWith(contracts + ".", StringComparison.Ordinal)))
            .Where(t => !t.Name.StartsWith('<'))
            .Select(t => t.FullName!)
            .Distinct();
    }

    private static IEnumerable<string> SchemaViolations(string text, IEnumerable<string> schemas)
    {
        foreach (var schema in schemas)
        {
            var pattern = new Regex($@"\b(FROM|JOIN|INTO|UPDATE|TABLE|REFERENCES|ON)\s+""?{Regex.Escape(schema)}""?\.\w", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
            foreach (Match match in pattern.Matches(text))
            {
                yield return match.Value;
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pool.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Pool.sln not found above the test directory.");
    }
}
