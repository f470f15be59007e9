using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Cards.Application;
using Pool.Modules.Cards.Contracts;

namespace Pool.Tests.Cards;

/// <summary>
/// Key rotation: a new active key is used for new records at once, older records stay readable and
/// findable under their key, re-keying moves them to the active key, and then the old key can go.
/// </summary>
public sealed class VaultKeyRotationTests : CardsFixture
{
    private readonly Pool.Modules.Cards.Configuration.VaultKeyOptions _key2 = VaultKeys.New("k2");

    [Test]
    public async Task KeyRotation_KeepsEveryPanReadableAndFindable_AndRekeyingMovesRecordsToTheActiveKey()
    {
        var oldCards = new List<(string CardId, string Pan)>();
        for (var i = 0; i < 3; i++)
        {
            oldCards.Add(await NewCardAsync());
        }

        // Step 1: k2 becomes active; k1 stays configured for the records that use it.
        await RestartAsync(VaultKeys.Settings("k2", Key1, _key2));
        var newCard = await NewCardAsync();
        Assert.That(await CountByKeyAsync(), Is.EqualTo(new Dictionary<string, long> { ["k1"] = 3, ["k2"] = 1 }));
        await AssertEveryPanReadableAndFindableAsync([.. oldCards, newCard]);
        await AssertSnapshotTokensUnderTheActiveKeyAsync([.. oldCards, newCard]);

        // Step 2: re-key with the operator verb; the old records move to k2, and a second run finds nothing to do.
        var verb = Host.Application.Modules.Single(m => m.Name == "cards").Verbs.Single(v => v.Name == "cards rekey");
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.That(await verb.RunAsync(new CliContext(Host.Services, [], output, error), CancellationToken.None), Is.Zero);
        Assert.That(output.ToString().Trim(), Is.EqualTo("Re-keyed 3 vault record(s)."));
        Assert.That(await Host.Services.GetRequiredService<VaultRekeying>().RekeyAllAsync(CancellationToken.None), Is.Zero);
        Assert.That(await CountByKeyAsync(), Is.EqualTo(new Dictionary<string, long> { ["k2"] = 4 }));

        // Step 3: k1 is dropped; everything still reads and is found.
        await RestartAsync(VaultKeys.Settings("k2", _key2));
        await AssertEveryPanReadableAndFindableAsync([.. oldCards, newCard]);
        await AssertSnapshotTokensUnderTheActiveKeyAsync([.. oldCards, newCard]);
    }

    private async Task AssertEveryPanReadableAndFindableAsync(IReadOnlyList<(string CardId, string Pan)> cards)
    {
        foreach (var (cardId, pan) in cards)
        {
            var read = await Admin.GetFromJsonAsync<JsonElement>($"/api/cards/{cardId}/pan");
            Assert.That(read.GetProperty("pan").GetString(), Is.EqualTo(pan), cardId);
            Assert.That((await Directory.FindByPanAsync(pan, CancellationToken.None))?.CardId, Is.EqualTo(cardId));
        }
    }

    private async Task AssertSnapshotTokensUnderTheActiveKeyAsync(IReadOnlyList<(string CardId, string Pan)> cards)
    {
        var tokens = new Dictionary<string, byte[]>();
        await foreach (var snapshot in Directory.ReadAllAsync(CancellationToken.None))
        {
            tokens[snapshot.CardId] = snapshot.PanToken.ToArray();
        }

        // The engine's bulk read re-keys a record under an older key the same way.
        var engineTokens = new TokenSink();
        await Directory.ReadForEngineAsync(engineTokens, CancellationToken.None);
        foreach (var (cardId, pan) in cards)
        {
            var expected = new byte[ICardDirectory.PanTokenBytes];
            Directory.ComputePanToken(Encoding.ASCII.GetBytes(pan), expected);
            Assert.That(tokens[cardId], Is.EqualTo(expected), cardId);
            Assert.That(engineTokens.Tokens[cardId], Is.EqualTo(expected), cardId);
        }
    }

    private sealed class TokenSink : ICardLoadSink
    {
        public Dictionary<string, byte[]> Tokens { get; } = [];

        public void Add(in CardLoadRow card) => Tokens[card.CardId] = card.PanToken.ToArray();
    }

    private async Task<Dictionary<string, long>> CountByKeyAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var rows = await connection.QueryAsync<(string KeyId, long Count)>("SELECT key_id, count(*) FROM cards.cards GROUP BY key_id");
        return rows.ToDictionary(r => r.KeyId, r => r.Count);
    }
}
