using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Authorization;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Clearing;

/// <summary>
/// A host process killed with SIGKILL half-way through posting a clearing file: importing the same file again on
/// a new host ends in the state of one clean run (issue 6).
/// </summary>
[TestFixture]
public sealed class ClearingCrashTests
{
    private const int Details = 2_000;

    [Test]
    public async Task KilledWhilePosting_ThenTheSameFileAgain_EndsAsOneCleanRun()
    {
        var connectionString = await TestDatabase.CreateAsync(nameof(ClearingCrashTests));
        var settings = new Dictionary<string, string?> { ["Clearing__PostingBatchMax"] = "10" };
        var file = new ClearingFileText();
        string cardholderId;
        await using (var process = await HostProcess.StartAsync(connectionString, settings))
        {
            var (holder, _, pan, _) = await HostProcessCards.NewCardAsync(process, depositMinor: 1_000_000, "Clearing Crash");
            cardholderId = holder;
            for (var i = 0; i < Details; i++)
            {
                file.Add(i % 3 == 0 ? "06" : "05", pan, 100 + i);
            }

            using var admin = process.Admin();
            var upload = admin.PostAsync("/api/clearing/files", new ByteArrayContent(file.Bytes()));
            await EngineHostHarness.WaitUntilAsync(
                async () => await ScalarAsync(connectionString, $"SELECT count(*) FROM clearing.outcomes WHERE file_id = '{file.FileId}'") > 0,
                "the first posted batch",
                timeoutMs: 60_000);
            process.Kill();
            Assert.CatchAsync<Exception>(async () => (await upload).Dispose());
        }

        var posted = await ScalarAsync(connectionString, $"SELECT count(*) FROM clearing.outcomes WHERE file_id = '{file.FileId}'");
        TestContext.Out.WriteLine($"{posted} of {Details} details had their outcome when the host was killed.");
        Assert.That(posted, Is.InRange(1, Details - 1), "killed half-way");

        await using var harness = await EngineHostHarness.StartAsync(connectionString);
        using var again = await UploadAsync(harness.Host.Operator(), file.Bytes());

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created), await again.Content.ReadAsStringAsync());
        var report = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(report.GetProperty("forcePosted").GetProperty("count").GetInt64() + report.GetProperty("credits").GetProperty("count").GetInt64(), Is.EqualTo(Details));
        var debits = Enumerable.Range(0, Details).Where(i => i % 3 != 0).Sum(i => 100L + i);
        var credits = Enumerable.Range(0, Details).Where(i => i % 3 == 0).Sum(i => 100L + i);
        var balance = await harness.BalanceAsync(cardholderId);
        Assert.That(balance.GetProperty("posted").GetInt64(), Is.EqualTo(1_000_000 - debits + credits), "every detail's money moved once");
        using var third = await UploadAsync(harness.Host.Operator(), file.Bytes());
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var check = await harness.Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
        Assert.That(check.Findings, Is.Empty);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        return await client.PostAsync("/api/clearing/files", content);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
