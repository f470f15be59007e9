using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pool.Tests.Cards;

/// <summary>PUT /api/cards/{id}/controls replaces the controls; bad values are 400 naming the field.</summary>
public sealed class CardControlsTests : CardsFixture
{
    [Test]
    public async Task SetControls_StoresThem_AndTheCardShowsThem()
    {
        var (cardId, _) = await NewCardAsync();
        var controls = new
        {
            perTransactionLimit = 20_000,
            dailyLimit = 50_000,
            monthlyLimit = 200_000,
            dailyCount = 5,
            blockedMccs = new[] { "7995", "6011" },
            allowEcommerce = true,
            allowInternational = false,
            allowCash = false,
        };

        using var response = await Operator.PutAsJsonAsync($"/api/cards/{cardId}/controls", controls);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var shown = (await GetCardAsync(cardId)).GetProperty("controls");
        Assert.That(shown.GetRawText(), Is.EqualTo(JsonSerializer.Serialize(controls)));
    }

    [Test]
    public async Task SetControls_NullLimits_MeanNone()
    {
        var (cardId, _) = await NewCardAsync();
        using var response = await Put(cardId, """{"perTransactionLimit":null,"dailyLimit":null,"monthlyLimit":null,"dailyCount":null,"blockedMccs":[],"allowEcommerce":true,"allowInternational":true,"allowCash":true}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetCardAsync(cardId)).GetProperty("controls").GetProperty("dailyLimit").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("""{"perTransactionLimit":0,"allowEcommerce":true,"allowInternational":true,"allowCash":true}""", "perTransactionLimit")]
    [TestCase("""{"dailyLimit":1000000000000,"allowEcommerce":true,"allowInternational":true,"allowCash":true}""", "dailyLimit")]
    [TestCase("""{"monthlyLimit":-5,"allowEcommerce":true,"allowInternational":true,"allowCash":true}""", "monthlyLimit")]
    [TestCase("""{"dailyCount":0,"allowEcommerce":true,"allowInternational":true,"allowCash":true}""", "dailyCount")]
    [TestCase("""{"blockedMccs":["5411","7995","79"],"allowEcommerce":true,"allowInternational":true,"allowCash":true}""", "blockedMccs[2]")]
    [TestCase("""{"blockedMccs":["7995","7995"],"allowEcommerce":true,"allowInternational":true,"allowCash":true}""", "blockedMccs[1]")]
    [TestCase("""{"allowInternational":true,"allowCash":true}""", "allowEcommerce")]
    [TestCase("""{"allowEcommerce":true,"allowCash":true}""", "allowInternational")]
    [TestCase("""{"allowEcommerce":true,"allowInternational":true,"allowCash":null}""", "allowCash")]
    public async Task SetControls_WithABadValue_Is400NamingTheField_AndChangesNothing(string body, string field)
    {
        var (cardId, _) = await NewCardAsync();
        var before = (await GetCardAsync(cardId)).GetProperty("controls").GetRawText();

        using var response = await Put(cardId, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ProblemAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:validation"));
        Assert.That(ErrorFields(problem), Is.EqualTo(new[] { field }));
        Assert.That((await GetCardAsync(cardId)).GetProperty("controls").GetRawText(), Is.EqualTo(before));
    }

    [Test]
    public async Task SetControls_OfAnUnknownCard_Is404()
    {
        using var response = await Put("card_nosuch", """{"allowEcommerce":true,"allowInternational":true,"allowCash":true}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task SetControls_AsViewer_Is403()
    {
        var (cardId, _) = await NewCardAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/cards/{cardId}/controls") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using var response = await Viewer.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private async Task<HttpResponseMessage> Put(string cardId, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/cards/{cardId}/controls") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await Operator.SendAsync(request);
    }
}
