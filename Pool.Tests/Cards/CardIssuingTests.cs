using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;

namespace Pool.Tests.Cards;

/// <summary>Issuing: a Luhn-valid PAN under the BIN, an expiry, status active; the PAN only in this answer.</summary>
public sealed class CardIssuingTests : CardsFixture
{
    [Test]
    public async Task IssueCard_Is201WithALuhnValidPanUnderTheBin_AnExpiryFiveYearsOut_AndStatusActive()
    {
        var cardholderId = await NewCardholderAsync();
        using var response = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, NewKey()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var card = await response.Content.ReadFromJsonAsync<JsonElement>();
        var pan = card.GetProperty("pan").GetString()!;
        Assert.That(pan, Has.Length.EqualTo(16));
        Assert.That(pan, Does.StartWith("424242"));
        Assert.That(Luhn.IsValid(pan), Is.True);
        Assert.That(card.GetProperty("last4").GetString(), Is.EqualTo(pan[^4..]));
        Assert.That(card.GetProperty("expiry").GetString(), Is.EqualTo(DateTime.UtcNow.AddYears(5).ToString("yyMM", CultureInfo.InvariantCulture)));
        Assert.That(card.GetProperty("status").GetString(), Is.EqualTo("active"));
        Assert.That(card.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "id", "pan", "last4", "expiry", "status" }));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/cards/{card.GetProperty("id").GetString()}"));
    }

    [Test]
    public async Task GetCard_ShowsBinAndLast4_NeverThePan_AndDefaultControls()
    {
        var (cardId, pan) = await NewCardAsync();

        using var response = await Viewer.GetAsync($"/api/cards/{cardId}");
        var text = await response.Content.ReadAsStringAsync();
        var card = JsonDocument.Parse(text).RootElement;

        Assert.That(text, Does.Not.Contain(pan));
        Assert.That(card.GetProperty("bin").GetString(), Is.EqualTo(pan[..6]));
        Assert.That(card.GetProperty("last4").GetString(), Is.EqualTo(pan[^4..]));
        Assert.That(card.GetProperty("status").GetString(), Is.EqualTo("active"));
        var controls = card.GetProperty("controls");
        Assert.That(controls.GetProperty("perTransactionLimit").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(controls.GetProperty("dailyLimit").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(controls.GetProperty("monthlyLimit").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(controls.GetProperty("dailyCount").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(controls.GetProperty("blockedMccs").GetArrayLength(), Is.Zero);
        Assert.That(controls.GetProperty("allowEcommerce").GetBoolean(), Is.True);
        Assert.That(controls.GetProperty("allowInternational").GetBoolean(), Is.True);
        Assert.That(controls.GetProperty("allowCash").GetBoolean(), Is.True);
    }

    [Test]
    public async Task OneCardholder_MayHoldSeveralCards_ListedInIssueOrderAndPaged()
    {
        var cardholderId = await NewCardholderAsync();
        var issued = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            issued.Add((await IssueAsync(cardholderId)).GetProperty("id").GetString()!);
        }

        var first = await Viewer.GetFromJsonAsync<JsonElement>($"/api/cardholders/{cardholderId}/cards?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await Viewer.GetFromJsonAsync<JsonElement>($"/api/cardholders/{cardholderId}/cards?limit=2&cursor={cursor}");

        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.That(listed.Select(c => c.GetProperty("id").GetString()), Is.EqualTo(issued));
        Assert.That(listed.All(c => c.GetProperty("cardholderId").GetString() == cardholderId), Is.True);
        Assert.That(listed.Any(c => c.TryGetProperty("pan", out _)), Is.False);
        Assert.That(second.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task IssueCard_ForUnknownCardholder_Is404()
    {
        using var response = await Operator.SendAsync(Post("/api/cardholders/ch_nosuch/cards", new { }, NewKey()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ProblemAsync(response)).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:not-found"));
    }

    [Test]
    public async Task ListCards_ForUnknownCardholder_Is404()
    {
        using var response = await Viewer.GetAsync("/api/cardholders/ch_nosuch/cards");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task GetCard_Unknown_Is404Problem()
    {
        using var response = await Viewer.GetAsync("/api/cards/card_nosuch");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ProblemAsync(response)).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:not-found"));
    }

    [Test]
    public async Task IssueCard_AsViewer_Is403()
    {
        var cardholderId = await NewCardholderAsync();
        using var response = await Viewer.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, NewKey()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task IssueCard_WithoutIdempotencyKey_Is400NamingTheHeader()
    {
        var cardholderId = await NewCardholderAsync();
        using var response = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ProblemAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:idempotency-key-required"));
        Assert.That(ErrorFields(problem), Is.EqualTo(new[] { "Idempotency-Key" }));
    }

    [Test]
    public async Task IssueCard_RepeatedWithTheSameKey_ReplaysTheFirstAnswer_AndIssuesOneCard()
    {
        var cardholderId = await NewCardholderAsync();
        var key = NewKey();
        using var first = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, key));
        using var second = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, key));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(second.Headers.Contains("Idempotent-Replayed"), Is.True);
        Assert.That(await CardCountAsync(cardholderId), Is.EqualTo(1));
    }

    [Test]
    public async Task IssueCard_ConcurrentRepeats_IssueOneCard_AndAllAnswerIt()
    {
        var cardholderId = await NewCardholderAsync();
        var key = NewKey();

        var responses = await RepeatConcurrentlyAsync(12, () => Post($"/api/cardholders/{cardholderId}/cards", new { }, key));

        Assert.That(await CreatedBodiesAsync(responses), Has.Count.EqualTo(1));
        Assert.That(await CardCountAsync(cardholderId), Is.EqualTo(1));
    }

    [Test]
    public async Task IssueCard_KeyOfAnotherCardholdersIssue_Is422()
    {
        var key = NewKey();
        using var first = await Operator.SendAsync(Post($"/api/cardholders/{await NewCardholderAsync()}/cards", new { }, key));
        var other = await NewCardholderAsync();

        using var second = await Operator.SendAsync(Post($"/api/cardholders/{other}/cards", new { }, key));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await ProblemAsync(second)).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:idempotency-key-reused"));
        Assert.That(await CardCountAsync(other), Is.Zero);
    }

    [Test]
    public async Task IssueCard_SameKeyFromAnotherApiKey_IssuesAnotherCard() // keys are scoped per API key, as in the Access module
    {
        var cardholderId = await NewCardholderAsync();
        var key = NewKey();
        using var first = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, key));
        using var second = await Admin.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, key));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CardCountAsync(cardholderId), Is.EqualTo(2));
    }

    [Test]
    public async Task IssuedCard_IsFoundByItsPan_ThroughTheDirectory()
    {
        var (cardId, pan) = await NewCardAsync();

        var found = await Directory.FindByPanAsync(pan, CancellationToken.None);

        Assert.That(found, Is.Not.Null);
        Assert.That(found!.CardId, Is.EqualTo(cardId));
        Assert.That(found.Status, Is.EqualTo(CardStatus.Active));
        Assert.That(found.Last4, Is.EqualTo(pan[^4..]));
        Assert.That(await Directory.FindByPanAsync("4242420000000000", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ReadAll_GivesEveryCard_WithTheTokenTheEngineComputes()
    {
        var (cardId, pan) = await NewCardAsync();

        var snapshots = new List<CardSnapshot>();
        await foreach (var snapshot in Directory.ReadAllAsync(CancellationToken.None))
        {
            snapshots.Add(snapshot);
        }

        var token = new byte[ICardDirectory.PanTokenBytes];
        Directory.ComputePanToken(System.Text.Encoding.ASCII.GetBytes(pan), token);
        var card = snapshots.Single(s => s.CardId == cardId);
        Assert.That(card.PanToken.ToArray(), Is.EqualTo(token));
        Assert.That(card.Expiry, Has.Length.EqualTo(4));
        Assert.That(card.Controls, Is.Not.Null);
    }

    private async Task<int> CardCountAsync(string cardholderId) =>
        (await Viewer.GetFromJsonAsync<JsonElement>($"/api/cardholders/{cardholderId}/cards")).GetProperty("items").GetArrayLength();
}
