using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Platform;

/// <summary>The admin API's rate limit answers 429 with problem details when a key sends too much.</summary>
[TestFixture]
public sealed class RateLimitTests
{
    [Test]
    public async Task Key_OverItsRate_Gets429ProblemDetails_AndOtherEndpointsStayOpen()
    {
        await using var host = await TestHost.StartAsync(
            await TestDatabase.CreateAsync(nameof(RateLimitTests)),
            new Dictionary<string, string?> { ["Admin:RateLimit:PermitsPerSecond"] = "1", ["Admin:RateLimit:Burst"] = "2" },
            additionalModules: [new ProbeModule()]);
        var client = host.Viewer();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await client.GetAsync("/api/probe/hello");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.That(limited, Is.Not.Null, string.Join(",", statuses));
        using (limited)
        {
            var problem = await limited!.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:rate-limited"));
        }

        using var health = await host.Client(null).GetAsync("/health/live");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ConsoleSignIn_GuessedOverTheRate_Gets429()
    {
        await using var host = await TestHost.StartAsync(
            await TestDatabase.CreateAsync(nameof(ConsoleSignIn_GuessedOverTheRate_Gets429)),
            new Dictionary<string, string?> { ["Admin:RateLimit:PermitsPerSecond"] = "1", ["Admin:RateLimit:Burst"] = "2" });
        var client = host.Client(null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await client.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = $"guess-{i}-0123456789abcdef" }));
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Does.Contain(HttpStatusCode.TooManyRequests), string.Join(",", statuses));
        using var page = await client.GetAsync("/console/sign-in");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the sign-in page itself is not limited");
    }
}
