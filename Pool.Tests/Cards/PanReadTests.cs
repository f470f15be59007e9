using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pool.Tests.Cards;

/// <summary>The full PAN is read back only by an admin, and the read is in the audit trail.</summary>
public sealed class PanReadTests : CardsFixture
{
    [Test]
    public async Task ReadPan_AsAdmin_GivesTheIssuedPan_AndIsAudited()
    {
        var (cardId, pan) = await NewCardAsync();

        var answer = await Admin.GetFromJsonAsync<JsonElement>($"/api/cards/{cardId}/pan");

        Assert.That(answer.GetProperty("pan").GetString(), Is.EqualTo(pan));
        var audit = await Admin.GetFromJsonAsync<JsonElement>("/api/audit?limit=500");
        Assert.That(
            audit.GetProperty("items").EnumerateArray().Any(e =>
                e.GetProperty("target").GetString() == $"/api/cards/{cardId}/pan" && e.GetProperty("outcome").GetInt32() == 200),
            Is.True);
    }

    [Test]
    public async Task ReadPan_AsOperator_Is403()
    {
        var (cardId, _) = await NewCardAsync();
        using var response = await Operator.GetAsync($"/api/cards/{cardId}/pan");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task ReadPan_OfAnUnknownCard_Is404()
    {
        using var response = await Admin.GetAsync("/api/cards/card_nosuch/pan");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
