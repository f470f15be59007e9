using Pool.Tests.Infrastructure;

namespace Pool.Tests;

/// <summary>Run-wide set-up and tear-down for every test in Pool.Tests.</summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public async Task StopSharedClusterAsync() => await TestDatabase.StopAsync();
}
