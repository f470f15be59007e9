using Microsoft.Extensions.Time.Testing;
using Pool.Modules.Cards.Configuration;
using Pool.Modules.Cards.Vault;

namespace Pool.Tests.Cards;

/// <summary>In Development without keys, one key set is made at first start into .pool/vault-keys.json (0600) and reused.</summary>
public sealed class DevelopmentVaultKeysTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "pool-vault-" + Guid.NewGuid().ToString("N")[..12]);

    [TearDown]
    public void DeleteFolder()
    {
        if (System.IO.Directory.Exists(_folder))
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public void FirstStart_CreatesAValidKeySet_ReadableByItsOwnerOnly()
    {
        var path = Path.Combine(_folder, DevelopmentVaultKeys.FileName);
        var vault = new VaultOptions();

        Assert.That(DevelopmentVaultKeys.LoadOrCreate(path, vault, new FakeTimeProvider()), Is.True);

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(new CardsOptionsValidator().Validate(null, new CardsOptions { Vault = vault }).Succeeded, Is.True);
    }

    [Test]
    public void LaterStart_ReusesTheSameKeys()
    {
        var path = Path.Combine(_folder, DevelopmentVaultKeys.FileName);
        var first = new VaultOptions();
        var second = new VaultOptions();
        DevelopmentVaultKeys.LoadOrCreate(path, first, new FakeTimeProvider());

        Assert.That(DevelopmentVaultKeys.LoadOrCreate(path, second, new FakeTimeProvider()), Is.False);

        Assert.That(second.ActiveKeyId, Is.EqualTo(first.ActiveKeyId));
        Assert.That(second.Keys.Single().EncryptionKey, Is.EqualTo(first.Keys.Single().EncryptionKey));
        Assert.That(second.Keys.Single().HashKey, Is.EqualTo(first.Keys.Single().HashKey));
    }
}
