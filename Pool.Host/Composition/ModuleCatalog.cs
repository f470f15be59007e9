using System.Reflection;
using Pool.Modules.Abstractions;

namespace Pool.Host.Composition;

/// <summary>
/// Finds the modules: every public, concrete <see cref="IModule"/> in the <c>Pool.Modules.*</c>
/// assemblies beside the host. The host knows no module by name; adding one is adding its project.
/// </summary>
public static class ModuleCatalog
{
    private const string AssemblyPrefix = "Pool.Modules.";

    /// <summary>The modules in the given folder (the host's own by default), ordered by <see cref="IModule.Order"/> then name.</summary>
    public static IReadOnlyList<IModule> Discover(string? directory = null)
    {
        directory ??= AppContext.BaseDirectory;
        var modules = new List<IModule>();
        foreach (var path in Directory.GetFiles(directory, AssemblyPrefix + "*.dll").Order(StringComparer.Ordinal))
        {
            var assembly = Assembly.Load(AssemblyName.GetAssemblyName(path));
            foreach (var type in assembly.GetExportedTypes())
            {
                if (type is { IsClass: true, IsAbstract: false } && typeof(IModule).IsAssignableFrom(type))
                {
                    modules.Add((IModule)Activator.CreateInstance(type)!);
                }
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            if (!names.Add(module.Name))
            {
                throw new InvalidOperationException($"Two modules are named '{module.Name}'.");
            }
        }

        return modules.OrderBy(m => m.Order).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
    }
}
