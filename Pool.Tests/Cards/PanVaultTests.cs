using System.Security.Cryptography;
using System.Text;
using Pool.Modules.Cards.Application;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Vault;

namespace Pool.Tests.Cards;

/// <summary>The vault's cryptography: sealing round-trips, is bound to its card and key, and tokens are keyed.</summary>
public sealed class PanVaultTests
{
    private const string Pan = "4242424242424242";

    [Test]
    public void SealedPan_OpensToTheSamePan_AndHoldsNoDigitsInClear()
    {
        var vault = VaultKeys.Vault("k1", VaultKeys.New("k1"));
        var sealedPan = PanVault.Seal(vault.Active, "card_1", Pan);

        Assert.That(PanVault.Open(vault.Active, "card_1", sealedPan), Is.EqualTo(Pan));
        Assert.That(sealedPan, Has.Length.EqualTo(PanVault.NonceBytes + 16 + PanVault.TagBytes));
        Assert.That(Encoding.Latin1.GetString(sealedPan), Does.Not.Contain(Pan));
    }

    [Test]
    public void SealingTwice_GivesDifferentCiphertexts() // a fresh nonce each time
    {
        var vault = VaultKeys.Vault("k1", VaultKeys.New("k1"));
        var first = PanVault.Seal(vault.Active, "card_1", Pan);
        var second = PanVault.Seal(vault.Active, "card_1", Pan);
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void SealedPan_MovedToAnotherCard_DoesNotOpen()
    {
        var vault = VaultKeys.Vault("k1", VaultKeys.New("k1"));
        var sealedPan = PanVault.Seal(vault.Active, "card_1", Pan);
        Assert.That(() => PanVault.Open(vault.Active, "card_2", sealedPan), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void SealedPan_UnderAnotherKey_DoesNotOpen()
    {
        var vault = VaultKeys.Vault("k1", VaultKeys.New("k1"), VaultKeys.New("k2"));
        var sealedPan = PanVault.Seal(vault.Key("k1"), "card_1", Pan);
        Assert.That(() => PanVault.Open(vault.Key("k2"), "card_1", sealedPan), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void Token_IsHmacSha256OfTheAsciiPanUnderTheHashKey()
    {
        var key = VaultKeys.New("k1");
        var vault = VaultKeys.Vault("k1", key);
        var expected = HMACSHA256.HashData(Convert.FromBase64String(key.HashKey), Encoding.ASCII.GetBytes(Pan));

        Assert.That(PanVault.Token(vault.Active, Pan), Is.EqualTo(expected));
    }

    [Test]
    public void Token_DiffersBetweenKeys()
    {
        var vault = VaultKeys.Vault("k1", VaultKeys.New("k1"), VaultKeys.New("k2"));
        Assert.That(PanVault.Token(vault.Key("k1"), Pan), Is.Not.EqualTo(PanVault.Token(vault.Key("k2"), Pan)));
        Assert.That(vault.TokensUnderEveryKey(Pan), Has.Count.EqualTo(2));
    }

    [Test]
    public void ComputePanToken_UsesTheActiveKey_AndAllocatesNothing()
    {
        var vault = VaultKeys.Vault("k2", VaultKeys.New("k1"), VaultKeys.New("k2"));
        ICardDirectory directory = new CardDirectory(null!, vault);
        var pan = Encoding.ASCII.GetBytes(Pan);
        var token = new byte[ICardDirectory.PanTokenBytes];

        Assert.That(directory.ComputePanToken(pan, token), Is.EqualTo(ICardDirectory.PanTokenBytes));
        Assert.That(token, Is.EqualTo(PanVault.Token(vault.Key("k2"), Pan)));

        for (var i = 0; i < 1_000; i++)
        {
            directory.ComputePanToken(pan, token);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            directory.ComputePanToken(pan, token);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void VaultKey_NeverPrintsItsKeys()
    {
        var key = VaultKeys.New("k1");
        var text = VaultKeys.Vault("k1", key).Active.ToString();
        Assert.That(text, Does.Not.Contain(key.EncryptionKey).And.Not.Contain(key.HashKey));
    }
}
