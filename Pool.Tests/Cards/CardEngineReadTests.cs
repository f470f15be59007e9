using System.Text;
using Dapper;
using Npgsql;
using Pool.Modules.Cards.Contracts;

namespace Pool.Tests.Cards;

/// <summary>
/// The engine's bulk read (<see cref="ICardDirectory.ReadForEngineAsync"/>, binary COPY of the engine's
/// columns) gives every card exactly as <see cref="ICardDirectory.ReadAllAsync"/> does: same order, ids,
/// token under the active key, expiry, status and controls; cards with the defaults share
/// <see cref="CardControls.Default"/>.
/// </summary>
public sealed class CardEngineReadTests : CardsFixture
{
    [Test]
    public async Task ReadForEngine_GivesEveryCardAsReadAll_InIssueOrder_WithControlsAndStatus()
    {
        var (plainId, plainPan) = await NewCardAsync();
        var (limitedId, _) = await NewCardAsync();
        var (frozenId, _) = await NewCardAsync();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            // Straight in the table: this tests the reader, not the controls endpoint.
            await connection.ExecuteAsync(
                """
                UPDATE cards.cards SET per_transaction_limit = 5000, daily_count = 3, blocked_mccs = '{7995,6011}',
                    allow_international = false
                WHERE id = @limitedId
                """,
                new { limitedId });
            await connection.ExecuteAsync("UPDATE cards.cards SET status = @frozen WHERE id = @frozenId", new { frozen = (short)CardStatus.Frozen, frozenId });
        }

        var snapshots = new List<CardSnapshot>();
        await foreach (var snapshot in Directory.ReadAllAsync(CancellationToken.None))
        {
            snapshots.Add(snapshot);
        }

        var sink = new RecordingSink();
        var count = await Directory.ReadForEngineAsync(sink, CancellationToken.None);

        Assert.That(count, Is.EqualTo(snapshots.Count));
        Assert.That(sink.Cards.Select(c => c.Number), Is.EqualTo(snapshots.Select(s => s.Number)));
        for (var i = 0; i < snapshots.Count; i++)
        {
            var expected = snapshots[i];
            var read = sink.Cards[i];
            Assert.That(read.CardId, Is.EqualTo(expected.CardId));
            Assert.That(read.CardholderId, Is.EqualTo(expected.CardholderId));
            Assert.That(read.PanToken, Is.EqualTo(expected.PanToken.ToArray()), expected.CardId);
            Assert.That(read.ExpiryYymm.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected.Expiry));
            Assert.That(read.Status, Is.EqualTo(expected.Status), expected.CardId);
            Assert.That(read.Controls with { BlockedMccs = [] }, Is.EqualTo(expected.Controls with { BlockedMccs = [] }), expected.CardId);
            Assert.That(read.Controls.BlockedMccs, Is.EqualTo(expected.Controls.BlockedMccs), expected.CardId);
        }

        var token = new byte[ICardDirectory.PanTokenBytes];
        Directory.ComputePanToken(Encoding.ASCII.GetBytes(plainPan), token);
        var plain = sink.Cards.Single(c => c.CardId == plainId);
        Assert.That(plain.PanToken, Is.EqualTo(token));
        Assert.That(plain.Controls, Is.SameAs(CardControls.Default));
        var limited = sink.Cards.Single(c => c.CardId == limitedId);
        Assert.That(limited.Controls.PerTransactionLimit, Is.EqualTo(5000));
        Assert.That(limited.Controls.DailyCount, Is.EqualTo(3));
        Assert.That(limited.Controls.BlockedMccs, Is.EqualTo(new[] { "7995", "6011" }));
        Assert.That(limited.Controls.AllowInternational, Is.False);
        Assert.That(sink.Cards.Single(c => c.CardId == frozenId).Status, Is.EqualTo(CardStatus.Frozen));
    }

    /// <summary>Copies each row (its token span is reused after the call).</summary>
    private sealed class RecordingSink : ICardLoadSink
    {
        public List<(long Number, string CardId, string CardholderId, byte[] PanToken, short ExpiryYymm, CardStatus Status, CardControls Controls)> Cards { get; } = [];

        public void Add(in CardLoadRow card) =>
            Cards.Add((card.Number, card.CardId, card.CardholderId, card.PanToken.ToArray(), card.ExpiryYymm, card.Status, card.Controls));
    }
}
