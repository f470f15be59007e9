using Pool.Authorization.Engine.Processing;

namespace Pool.Tests.Engine;

/// <summary>ARCHITECTURE §1 / STYLE.md: the engine references neither ASP.NET Core nor any database package.</summary>
public sealed class EngineDependencyTests
{
    [TestCase("Microsoft.AspNetCore")]
    [TestCase("Npgsql")]
    [TestCase("Dapper")]
    [TestCase("Microsoft.EntityFrameworkCore")]
    public void Engine_DoesNotReference(string forbiddenPrefix)
    {
        var references = typeof(AuthorizationEngine).Assembly.GetReferencedAssemblies();
        Assert.That(references.Select(r => r.Name), Has.None.StartsWith(forbiddenPrefix));
        // Guard the guard: the engine does reference the runtime, so the list is real.
        Assert.That(references.Select(r => r.Name), Has.Some.EqualTo("System.Runtime"));
    }
}
