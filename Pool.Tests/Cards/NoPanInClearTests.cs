using System.Net.Http.Json;
using Dapper;
using Npgsql;

namespace Pool.Tests.Cards;

/// <summary>
/// After issuing, replaying, replacing, reading and changing cards, no issued PAN is found in clear in
/// any table of the database (every schema) or in any log line the host wrote.
/// </summary>
public sealed class NoPanInClearTests : CardsFixture
{
    private readonly List<string> _pans = [];

    [OneTimeSetUp]
    public async Task UseCardsEveryWayAsync()
    {
        for (var holder = 0; holder < 3; holder++)
        {
            var cardholderId = await NewCardholderAsync($"Scan {holder}");
            for (var card = 0; card < 3; card++)
            {
                // Each issue is repeated with its key, so the replay path runs too.
                var key = NewKey();
                using var first = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, key));
                using var repeat = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, key));
                var issued = await first.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                var cardId = issued.GetProperty("id").GetString()!;
                _pans.Add(issued.GetProperty("pan").GetString()!);
                (await Admin.GetAsync($"/api/cards/{cardId}/pan")).Dispose();
                (await Operator.PutAsJsonAsync($"/api/cards/{cardId}/controls", new { dailyLimit = 5000, blockedMccs = new[] { "7995" }, allowEcommerce = true, allowInternational = true, allowCash = false })).Dispose();
                await Directory.FindByPanAsync(_pans[^1], CancellationToken.None);
            }

            var lost = await IssueAsync(cardholderId);
            _pans.Add(lost.GetProperty("pan").GetString()!);
            (await SetStatusAsync(lost.GetProperty("id").GetString()!, "stolen")).Dispose();
            using var replaced = await Operator.SendAsync(Post($"/api/cards/{lost.GetProperty("id").GetString()}/replacement", new { }, NewKey()));
            _pans.Add((await replaced.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("pan").GetString()!);
        }

        Assert.That(_pans.Distinct().Count(), Is.EqualTo(15));
    }

    [Test]
    public async Task NoIssuedPan_IsInAnyTableInClear()
    {
        var values = await PanScanner.DatabaseValuesAsync(ConnectionString);
        Assert.That(values.Select(v => v.Where).Distinct(), Has.Some.StartsWith("cards.cards."), "the scan covers the card table");
        Assert.That(values.Select(v => v.Where).Distinct(), Has.Some.StartsWith("access.idempotent_requests."), "and the stored answers");

        var found = values
            .SelectMany(v => PanScanner.Candidates(v.Text).Where(_pans.Contains).Select(pan => $"{v.Where}: ...{pan[^4..]}"))
            .ToList();

        Assert.That(found, Is.Empty);
        Assert.That(values.Where(v => _pans.Any(v.Text.Contains)).Select(v => v.Where), Is.Empty);
    }

    [Test]
    public void NoIssuedPan_IsInAnyLogLine()
    {
        var lines = Host.Logs.Lines.ToList();
        Assert.That(lines, Has.Some.Contains("[3001]"), "the card-issued lines were captured");

        var found = lines.Where(line => PanScanner.Candidates(line).Any(_pans.Contains) || _pans.Any(line.Contains)).ToList();

        Assert.That(found, Is.Empty);
    }

    /// <summary>The guard can fail: a PAN put in a table of any schema is found.</summary>
    [Test]
    public async Task Scan_FindsAPanPlantedInAnyTable()
    {
        var planted = _pans[0];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.ExecuteAsync("CREATE TABLE public.planted (note text, blob bytea)");
            await connection.ExecuteAsync("INSERT INTO public.planted VALUES (@note, @blob)", new { note = "card " + planted + " leaked", blob = System.Text.Encoding.ASCII.GetBytes("x" + planted) });
        }

        try
        {
            var values = await PanScanner.DatabaseValuesAsync(ConnectionString);
            var found = values.Where(v => PanScanner.Candidates(v.Text).Contains(planted)).Select(v => v.Where).ToList();
            Assert.That(found, Is.EquivalentTo(new[] { "public.planted.note", "public.planted.blob" }));
        }
        finally
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.ExecuteAsync("DROP TABLE public.planted");
        }
    }

    [TestCase("pan=4242424242424242.", "4242424242424242")]
    [TestCase("x79927398713y", "79927398713")]
    [TestCase("00004242424242424242", "4242424242424242")]
    public void Scanner_FindsLuhnValidRunsInsideText(string text, string pan)
    {
        var candidates = PanScanner.Candidates(text).ToList();
        if (pan.Length >= PanScanner.PanDigitsMin)
        {
            Assert.That(candidates, Does.Contain(pan));
        }
        else
        {
            Assert.That(candidates, Does.Not.Contain(pan));
        }
    }
}
