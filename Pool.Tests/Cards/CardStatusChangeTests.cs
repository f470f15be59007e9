using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Modules.Cards.Contracts;

namespace Pool.Tests.Cards;

/// <summary>PUT /api/cards/{id}/status allows exactly admin-api.md §3's changes; a refused change is 409 and changes nothing.</summary>
public sealed class CardStatusChangeTests : CardsFixture
{
    [TestCase("active", "frozen", true)]
    [TestCase("frozen", "active", true)]
    [TestCase("active", "lost", true)]
    [TestCase("active", "stolen", true)]
    [TestCase("frozen", "lost", true)]
    [TestCase("frozen", "stolen", true)]
    [TestCase("lost", "stolen", true)]
    [TestCase("stolen", "lost", true)]
    [TestCase("active", "closed", true)]
    [TestCase("frozen", "closed", true)]
    [TestCase("lost", "closed", true)]
    [TestCase("stolen", "closed", true)]
    [TestCase("lost", "active", false)]
    [TestCase("stolen", "active", false)]
    [TestCase("closed", "active", false)]
    [TestCase("lost", "frozen", false)]
    [TestCase("stolen", "frozen", false)]
    [TestCase("closed", "frozen", false)]
    [TestCase("closed", "lost", false)]
    [TestCase("closed", "stolen", false)]
    public async Task StatusChange_IsAllowedOrRefusedWith409_AsTheSpecSays(string from, string to, bool allowed)
    {
        var (cardId, _) = await NewCardAsync();
        if (from != "active")
        {
            (await SetStatusAsync(cardId, from)).Dispose();
        }

        using var response = await SetStatusAsync(cardId, to);

        if (allowed)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo(to));
            Assert.That((await GetCardAsync(cardId)).GetProperty("status").GetString(), Is.EqualTo(to));
        }
        else
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            var problem = await ProblemAsync(response);
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:invalid-status-transition"));
            Assert.That(problem.GetProperty("from").GetString(), Is.EqualTo(from));
            Assert.That((await GetCardAsync(cardId)).GetProperty("status").GetString(), Is.EqualTo(from));
        }
    }

    [TestCase("active")]
    [TestCase("frozen")]
    [TestCase("lost")]
    [TestCase("stolen")]
    [TestCase("closed")]
    public async Task StatusChange_ToTheSameStatus_Is200AndChangesNothing(string status)
    {
        var (cardId, _) = await NewCardAsync();
        if (status != "active")
        {
            (await SetStatusAsync(cardId, status)).Dispose();
        }

        using var response = await SetStatusAsync(cardId, status);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetCardAsync(cardId)).GetProperty("status").GetString(), Is.EqualTo(status));
    }

    [Test]
    public async Task StatusChange_TakesEffectForTheDirectory()
    {
        var (cardId, pan) = await NewCardAsync();
        (await SetStatusAsync(cardId, "frozen")).Dispose();
        Assert.That((await Directory.FindByPanAsync(pan, CancellationToken.None))!.Status, Is.EqualTo(CardStatus.Frozen));
    }

    [TestCase("blocked")]
    [TestCase("Active")]
    [TestCase("")]
    [TestCase(null)]
    public async Task StatusChange_ToAnUnknownStatus_Is400NamingStatus(string? status)
    {
        var (cardId, _) = await NewCardAsync();
        using var response = await SetStatusAsync(cardId, status);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ProblemAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:validation"));
        Assert.That(ErrorFields(problem), Is.EqualTo(new[] { "status" }));
    }

    [Test]
    public async Task StatusChange_OfAnUnknownCard_Is404()
    {
        using var response = await SetStatusAsync("card_nosuch", "frozen");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task StatusChange_AsViewer_Is403()
    {
        var (cardId, _) = await NewCardAsync();
        using var response = await Viewer.PutAsJsonAsync($"/api/cards/{cardId}/status", new { status = "frozen" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task ConcurrentChanges_LeaveTheCardInOneAllowedStatus()
    {
        var (cardId, _) = await NewCardAsync();
        (await SetStatusAsync(cardId, "lost")).Dispose();

        // lost → stolen and lost → closed race; stolen → closed is allowed, closed → stolen is not.
        var responses = await Task.WhenAll(SetStatusAsync(cardId, "stolen"), SetStatusAsync(cardId, "closed"));

        var final = (await GetCardAsync(cardId)).GetProperty("status").GetString();
        Assert.That(final, Is.EqualTo("closed"));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.GreaterThanOrEqualTo(1));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
