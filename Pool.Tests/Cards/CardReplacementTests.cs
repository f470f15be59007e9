using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Modules.Cards.Domain;

namespace Pool.Tests.Cards;

/// <summary>Replacing a lost or stolen card issues a new card (new PAN and expiry) with the same controls; the old card stays blocked.</summary>
public sealed class CardReplacementTests : CardsFixture
{
    private static readonly object Controls = new
    {
        perTransactionLimit = 30_000,
        dailyLimit = 100_000,
        monthlyLimit = (long?)null,
        dailyCount = 10,
        blockedMccs = new[] { "7995" },
        allowEcommerce = false,
        allowInternational = true,
        allowCash = false,
    };

    [TestCase("lost")]
    [TestCase("stolen")]
    public async Task Replacement_OfALostOrStolenCard_IsANewCardWithTheSameControls_AndTheOldStaysBlocked(string status)
    {
        var cardholderId = await NewCardholderAsync();
        var old = await IssueAsync(cardholderId);
        var oldId = old.GetProperty("id").GetString()!;
        (await Operator.PutAsJsonAsync($"/api/cards/{oldId}/controls", Controls)).Dispose();
        (await SetStatusAsync(oldId, status)).Dispose();

        using var response = await Operator.SendAsync(Post($"/api/cards/{oldId}/replacement", new { }, NewKey()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var replacement = await response.Content.ReadFromJsonAsync<JsonElement>();
        var newId = replacement.GetProperty("id").GetString()!;
        var newPan = replacement.GetProperty("pan").GetString()!;
        Assert.That(newId, Is.Not.EqualTo(oldId));
        Assert.That(newPan, Is.Not.EqualTo(old.GetProperty("pan").GetString()));
        Assert.That(Luhn.IsValid(newPan), Is.True);
        Assert.That(replacement.GetProperty("status").GetString(), Is.EqualTo("active"));

        var newCard = await GetCardAsync(newId);
        var oldCard = await GetCardAsync(oldId);
        Assert.That(newCard.GetProperty("cardholderId").GetString(), Is.EqualTo(cardholderId));
        Assert.That(newCard.GetProperty("controls").GetRawText(), Is.EqualTo(oldCard.GetProperty("controls").GetRawText()));
        Assert.That(newCard.GetProperty("controls").GetProperty("perTransactionLimit").GetInt64(), Is.EqualTo(30_000));
        Assert.That(oldCard.GetProperty("status").GetString(), Is.EqualTo(status));
        Assert.That(oldCard.GetProperty("replacedBy").GetString(), Is.EqualTo(newId));
    }

    [TestCase("active")]
    [TestCase("frozen")]
    [TestCase("closed")]
    public async Task Replacement_OfACardNeitherLostNorStolen_IsRefusedWith409(string status)
    {
        var (cardId, _) = await NewCardAsync();
        if (status != "active")
        {
            (await SetStatusAsync(cardId, status)).Dispose();
        }

        using var response = await Operator.SendAsync(Post($"/api/cards/{cardId}/replacement", new { }, NewKey()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await ProblemAsync(response)).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:invalid-status-transition"));
    }

    [Test]
    public async Task Replacement_OfAnAlreadyReplacedCard_IsRefusedWith409NamingTheReplacement()
    {
        var (cardId, _) = await NewCardAsync();
        (await SetStatusAsync(cardId, "lost")).Dispose();
        using var first = await Operator.SendAsync(Post($"/api/cards/{cardId}/replacement", new { }, NewKey()));
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var second = await Operator.SendAsync(Post($"/api/cards/{cardId}/replacement", new { }, NewKey()));

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await ProblemAsync(second);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:conflict"));
        Assert.That(problem.GetProperty("replacedBy").GetString(), Is.EqualTo(firstId));
    }

    [Test]
    public async Task Replacement_ConcurrentRepeatsWithOneKey_IssueOneCard_AndAllAnswerIt()
    {
        var (cardId, _) = await NewCardAsync();
        (await SetStatusAsync(cardId, "stolen")).Dispose();
        var key = NewKey();

        var responses = await RepeatConcurrentlyAsync(8, () => Post($"/api/cards/{cardId}/replacement", new { }, key));

        Assert.That(await CreatedBodiesAsync(responses), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Replacement_OfAnUnknownCard_Is404()
    {
        using var response = await Operator.SendAsync(Post("/api/cards/card_nosuch/replacement", new { }, NewKey()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Replacement_WithoutIdempotencyKey_Is400()
    {
        var (cardId, _) = await NewCardAsync();
        (await SetStatusAsync(cardId, "lost")).Dispose();
        using var response = await Operator.SendAsync(Post($"/api/cards/{cardId}/replacement", new { }, null));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
