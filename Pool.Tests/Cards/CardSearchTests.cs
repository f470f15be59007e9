using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pool.Tests.Cards;

/// <summary>
/// Finding a card as the back office does: by BIN and last 4 (any role), or by the full number through
/// the vault's keyed hash (admin only, the number in the body, never in an answer or the audit trail).
/// </summary>
public sealed class CardSearchTests : CardsFixture
{
    [Test]
    public async Task FindByBinAndLast4_AsViewer_GivesTheCard_WithoutItsPan()
    {
        var (cardId, pan) = await NewCardAsync();

        var page = await Viewer.GetFromJsonAsync<JsonElement>($"/api/cards?bin={pan[..6]}&last4={pan[^4..]}");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("id").GetString()), Does.Contain(cardId));
        Assert.That(page.GetRawText(), Does.Not.Contain(pan));
    }

    [TestCase("bin=42424&last4=4242", "bin", TestName = "FindByBinAndLast4_WithAFiveDigitBin_Is400NamingBin")]
    [TestCase("bin=424242&last4=42a2", "last4", TestName = "FindByBinAndLast4_WithALetterInLast4_Is400NamingLast4")]
    [TestCase("last4=4242", "bin", TestName = "FindByBinAndLast4_WithoutBin_Is400NamingBin")]
    public async Task FindByBinAndLast4_WithBadInput_Is400NamingTheField(string query, string field)
    {
        using var response = await Viewer.GetAsync("/api/cards?" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [Test]
    public async Task FindByPan_AsAdmin_GivesTheCard_AndTheAuditHasNoPan()
    {
        var (cardId, pan) = await NewCardAsync();

        using var response = await Admin.PostAsJsonAsync("/api/cards/search", new { pan });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var card = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(card.GetProperty("id").GetString(), Is.EqualTo(cardId));
        Assert.That(card.GetRawText(), Does.Not.Contain(pan));
        var audit = await Admin.GetStringAsync("/api/audit?limit=500");
        Assert.That(audit, Does.Contain("POST /api/cards/search").And.Not.Contain(pan));
    }

    [Test]
    public async Task FindByPan_AsOperator_Is403()
    {
        var (_, pan) = await NewCardAsync();
        using var response = await Operator.PostAsJsonAsync("/api/cards/search", new { pan });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task FindByPan_OfAnUnknownNumber_Is404_AndOfNonDigits_Is400NamingPan()
    {
        using var unknown = await Admin.PostAsJsonAsync("/api/cards/search", new { pan = "4000000000000002" });
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var bad = await Admin.PostAsJsonAsync("/api/cards/search", new { pan = "4000-0000-0000" });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ProblemAsync(bad)).GetProperty("errors").TryGetProperty("pan", out _), Is.True);
    }
}
