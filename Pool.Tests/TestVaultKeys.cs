using System.Security.Cryptography;

namespace Pool.Tests;

/// <summary>
/// Gives every test host of the run a PAN vault key set (Cards:Vault), as the deployment would, so
/// tests of other modules start a host without knowing about the vault. Outside Development the Cards
/// module refuses to start without keys, and the test host's "Testing" environment name does not reach
/// IHostEnvironment (it reads Production), so generation cannot be relied on. Environment variables
/// are the lowest-precedence configuration a test host reads: a fixture's own settings override them.
/// </summary>
[SetUpFixture]
public sealed class TestVaultKeys
{
    private static readonly string[] Names =
    [
        "Cards__Vault__ActiveKeyId",
        "Cards__Vault__Keys__0__Id",
        "Cards__Vault__Keys__0__EncryptionKey",
        "Cards__Vault__Keys__0__HashKey",
    ];

    [OneTimeSetUp]
    public void ConfigureKeys()
    {
        Environment.SetEnvironmentVariable(Names[0], "test-run");
        Environment.SetEnvironmentVariable(Names[1], "test-run");
        Environment.SetEnvironmentVariable(Names[2], Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Environment.SetEnvironmentVariable(Names[3], Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    [OneTimeTearDown]
    public void ForgetKeys()
    {
        foreach (var name in Names)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
