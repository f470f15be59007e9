using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pool.Tests.Cards;

/// <summary>A cardholder holds at most Cards:CardsPerCardholderMax usable (active or frozen) cards; lost, stolen and closed ones do not count.</summary>
public sealed class CardLimitTests : CardsFixture
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Cards:CardsPerCardholderMax"] = "2" };

    [Test]
    public async Task IssueCard_BeyondTheLimit_IsRefusedWith409_UntilACardIsBlocked()
    {
        var cardholderId = await NewCardholderAsync();
        var first = (await IssueAsync(cardholderId)).GetProperty("id").GetString()!;
        await IssueAsync(cardholderId);

        using var refused = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, NewKey()));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await ProblemAsync(refused)).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:conflict"));

        (await SetStatusAsync(first, "closed")).Dispose();
        using var allowed = await Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, NewKey()));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Replacement_AtTheLimit_IsRefusedWith409()
    {
        var cardholderId = await NewCardholderAsync();
        var lost = (await IssueAsync(cardholderId)).GetProperty("id").GetString()!;
        await IssueAsync(cardholderId);
        (await SetStatusAsync(lost, "lost")).Dispose();
        await IssueAsync(cardholderId); // takes the slot the lost card freed

        using var response = await Operator.SendAsync(Post($"/api/cards/{lost}/replacement", new { }, NewKey()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await GetCardAsync(lost)).GetProperty("replacedBy").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task ConcurrentIssues_NeverExceedTheLimit()
    {
        var cardholderId = await NewCardholderAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Operator.SendAsync(Post($"/api/cardholders/{cardholderId}/cards", new { }, NewKey()))));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(2));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(4));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var cards = await Viewer.GetFromJsonAsync<JsonElement>($"/api/cardholders/{cardholderId}/cards");
        Assert.That(cards.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
    }
}
