using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pool.Tests.Authorization;

namespace Pool.Tests.Infrastructure;

/// <summary>Cards issued over the admin API of a host started as a process (the crash tests kill it and start another).</summary>
internal static class HostProcessCards
{
    /// <summary>Most deposit attempts: a 503 (the engine could not record it in time on a busy machine) is retried with the same key.</summary>
    public const int DepositAttemptsMax = 20;

    /// <summary>Pause between deposit attempts: a client's retry backoff, not a wait for a condition.</summary>
    public static readonly TimeSpan DepositRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>A new cardholder with a card and <paramref name="depositMinor"/> yen deposited.</summary>
    public static async Task<TestCard> NewCardAsync(HostProcess process, long depositMinor, string name)
    {
        using var admin = process.Admin();
        using var holder = await admin.SendAsync(EngineHostHarness.Post("/api/cardholders", new { name }));
        Assert.That(holder.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var cardholderId = (await holder.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var issue = await admin.SendAsync(EngineHostHarness.Post($"/api/cardholders/{cardholderId}/cards", new { }));
        Assert.That(issue.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var card = await issue.Content.ReadFromJsonAsync<JsonElement>();
        // 503 means the engine could not record it in time (a busy machine): retry with the same key, as a client would.
        var key = "process-deposit-" + Guid.NewGuid().ToString("N");
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < DepositAttemptsMax && status == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            using var deposit = await admin.SendAsync(EngineHostHarness.Post($"/api/cardholders/{cardholderId}/deposits", new { amount = depositMinor }, key));
            status = deposit.StatusCode;
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                await Task.Delay(DepositRetryDelay);
            }
        }

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        return new TestCard(cardholderId, card.GetProperty("id").GetString()!, card.GetProperty("pan").GetString()!, card.GetProperty("expiry").GetString()!);
    }
}
