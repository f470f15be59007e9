using Pool.Modules.Cards.Configuration;

namespace Pool.Tests.Cards;

/// <summary>Bad Cards configuration stops the host with a message naming the setting (and never quoting a key).</summary>
public sealed class CardsOptionsTests
{
    private static CardsOptions Valid() => new() { Vault = new VaultOptions { ActiveKeyId = "k1", Keys = [VaultKeys.New("k1")] } };

    private static IReadOnlyList<string> Failures(CardsOptions options) =>
        new CardsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Test]
    public void Defaults_WithOneKey_AreValid()
    {
        Assert.That(Failures(Valid()), Is.Empty);
        Assert.That(Valid().Bin, Is.EqualTo("424242"));
        Assert.That(Valid().ExpiryYears, Is.EqualTo(5));
    }

    [TestCase("42424")]
    [TestCase("424242424")]
    [TestCase("42424a")]
    [TestCase("")]
    public void Bin_NotSixToEightDigits_IsRefused(string bin)
    {
        var options = Valid();
        options.Bin = bin;
        Assert.That(Failures(options), Has.One.Contains("Cards:Bin"));
    }

    [TestCase(0)]
    [TestCase(11)]
    public void ExpiryYears_OutOfRange_IsRefused(int years)
    {
        var options = Valid();
        options.ExpiryYears = years;
        Assert.That(Failures(options), Has.One.Contains("Cards:ExpiryYears"));
    }

    [Test]
    public void NoKeys_IsRefusedWithAClearMessage()
    {
        var options = Valid();
        options.Vault = new VaultOptions();
        Assert.That(Failures(options), Has.One.Contains("Cards:Vault:Keys is empty"));
    }

    [Test]
    public void ShortKey_IsRefused_WithoutQuotingIt()
    {
        var options = Valid();
        options.Vault.Keys[0].EncryptionKey = Convert.ToBase64String(new byte[16]);
        var failures = Failures(options);
        Assert.That(failures, Has.One.Contains("Cards:Vault:Keys:0:EncryptionKey"));
        Assert.That(string.Join(" ", failures), Does.Not.Contain(options.Vault.Keys[0].EncryptionKey));
    }

    [Test]
    public void ActiveKeyId_NotConfigured_IsRefused()
    {
        var options = Valid();
        options.Vault.ActiveKeyId = "k9";
        Assert.That(Failures(options), Has.One.Contains("ActiveKeyId 'k9'"));
    }

    [Test]
    public void TwoKeys_WithTheSameId_AreRefused()
    {
        var options = Valid();
        options.Vault.Keys.Add(VaultKeys.New("k1"));
        Assert.That(Failures(options), Has.One.Contains("used twice"));
    }
}
