using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pool.Modules.Abstractions;
using Pool.Modules.Clearing;
using Pool.Modules.Clearing.Cli;

namespace Pool.Tests.Clearing;

/// <summary>The clearing endpoints of admin-api.md §3, the CLI verb, and PANs never stored.</summary>
[TestFixture]
public sealed partial class ClearingApiTests : ClearingFixture
{
    [Test]
    public async Task Upload_ByAnOperator_Is201WithTheReport_AndTheFileIsListed()
    {
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 700);
        file.Add("06", card.Pan, 200);

        using var response = await UploadAsync(Host.Operator(), file.Bytes(), "application/octet-stream");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/clearing/files/{file.FileId}"));
        var report = await JsonAsync(response);
        Assert.That(report.GetProperty("fileId").GetString(), Is.EqualTo(file.FileId));
        Assert.That(report.GetProperty("recordsRead").GetInt64(), Is.EqualTo(4));
        Assert.That(report.GetProperty("forcePosted").GetProperty("amountMinor").GetInt64(), Is.EqualTo(700));
        Assert.That(report.GetProperty("credits").GetProperty("count").GetInt64(), Is.EqualTo(1));
        Assert.That(report.GetProperty("fileTotals").GetProperty("debitsMinor").GetInt64(), Is.EqualTo(700));

        var one = await Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/clearing/files/{file.FileId}");
        Assert.That((one.GetProperty("state").GetString(), one.GetProperty("report").GetProperty("recordsRead").GetInt64()), Is.EqualTo(("done", 4L)));
        var list = await Host.Viewer().GetFromJsonAsync<JsonElement>("/api/clearing/files?limit=500");
        Assert.That(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("fileId").GetString()), Does.Contain(file.FileId));
    }

    [Test]
    public async Task Postings_OfAnAuthorization_ListTheDetailsMatchedToIt()
    {
        var card = await NewCardAsync(10_000);
        var code = await ApproveAsync(card, 5_000);
        var file = new ClearingFileText();
        var arn = file.Add("05", card.Pan, 5_600, code, "432812345678");
        await ImportAsync(file);
        var authorizationId = (await Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/authorizations?cardId={card.CardId}"))
            .GetProperty("items")[0].GetProperty("id").GetString();

        var postings = (await Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/clearing/postings?authorizationId={authorizationId}"))
            .GetProperty("items").EnumerateArray().ToList();

        Assert.That(postings, Has.Count.EqualTo(1));
        Assert.That(postings[0].GetProperty("fileId").GetString(), Is.EqualTo(file.FileId));
        Assert.That(postings[0].GetProperty("arn").GetString(), Is.EqualTo(arn));
        Assert.That(postings[0].GetProperty("amount").GetInt64(), Is.EqualTo(5_600));
        Assert.That(postings[0].GetProperty("outcome").GetString(), Is.EqualTo("matched"));
        Assert.That(postings[0].GetProperty("transactionCode").GetString(), Is.EqualTo("05"));
        var none = await Host.Viewer().GetFromJsonAsync<JsonElement>("/api/clearing/postings?authorizationId=auth_999999999");
        Assert.That(none.GetProperty("items").GetArrayLength(), Is.Zero);
        using var missing = await Host.Viewer().GetAsync("/api/clearing/postings");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("authorizationId", out _), Is.True);
    }

    [Test]
    public async Task Upload_ByAViewer_Is403()
    {
        using var response = await UploadAsync(Host.Viewer(), new ClearingFileText().Bytes());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Upload_AsJson_Is415()
    {
        using var response = await UploadAsync(Host.Operator(), new ClearingFileText().Bytes(), "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Exceptions_ArePaged_WithFileIdRecordNumberReason_AndAMaskedCard()
    {
        var file = new ClearingFileText();
        file.Add("05", "4000000000000002", 10);
        file.Add("05", "4000000000000010", 20);
        file.Add("05", "4000000000000028", 30);
        await ImportAsync(file);

        var first = await Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/clearing/exceptions?fileId={file.FileId}&limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await Host.Viewer().GetFromJsonAsync<JsonElement>($"/api/clearing/exceptions?fileId={file.FileId}&limit=2&cursor={cursor}");

        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.That(items.Select(i => i.GetProperty("recordNumber").GetInt32()), Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(items.Select(i => i.GetProperty("reason").GetString()).Distinct(), Is.EqualTo(new[] { "unknown-card" }));
        Assert.That(items[0].GetProperty("card").GetProperty("bin").GetString() + "/" + items[0].GetProperty("card").GetProperty("last4").GetString(), Is.EqualTo("400000/0002"));
        Assert.That(second.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var text = first.ToString() + second;
        Assert.That(text, Does.Not.Contain("4000000000000002"));
    }

    [Test]
    public async Task Exceptions_AreCountedByReason_InTheHostsMetrics()
    {
        var file = new ClearingFileText();
        file.Add("05", "4000000000000002", 10);
        await ImportAsync(file);

        var metrics = await Host.Client(null).GetStringAsync("/metrics");

        Assert.That(metrics, Does.Contain("pool_clearing_exceptions_total{").And.Contain("reason=\"unknown-card\""));
    }

    [Test]
    public async Task ClearingTablesAndLogs_HoldNoPan()
    {
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 700);
        file.Add("05", "4000000000000002", 10);
        await ImportAsync(file);

        await using var connection = new Npgsql.NpgsqlConnection(Harness.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT row_to_json(d)::text FROM clearing.details d UNION ALL SELECT row_to_json(f)::text FROM clearing.files f " +
            "UNION ALL SELECT row_to_json(c)::text FROM clearing.file_cards c UNION ALL SELECT row_to_json(o)::text FROM clearing.outcomes o", connection);
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        var panLike = rows.Concat(Host.Logs.Lines).SelectMany(row => DigitRun().Matches(row).Select(m => m.Value)).Where(IsLuhnValid).ToList();
        Assert.That(panLike, Is.Empty);
        Assert.That(rows, Is.Not.Empty);
    }

    [Test]
    public async Task CliVerb_ImportsTheFile_AndPrintsTheReportTable()
    {
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 700);
        var path = Path.Combine(Path.GetTempPath(), file.FileId + ".txt");
        await File.WriteAllBytesAsync(path, file.Bytes());
        var output = new StringWriter();
        var error = new StringWriter();
        var verb = new ClearingModule().Verbs.Single(v => v.Name == "clearing import");

        var exit = await verb.RunAsync(new CliContext(Host.Services, [path], output, error), CancellationToken.None);
        var again = await verb.RunAsync(new CliContext(Host.Services, [path], new StringWriter(), error), CancellationToken.None);

        Assert.That((exit, again), Is.EqualTo((ClearingImportVerb.Imported, ClearingImportVerb.AlreadyImported)), error.ToString());
        Assert.That(output.ToString(), Does.Contain("Force-posted").And.Contain("700").And.Contain(file.FileId));
        File.Delete(path);
    }

    private static bool IsLuhnValid(string digits) => Pool.Modules.Cards.Domain.Luhn.IsValid(digits);

    // A run after a decimal point is the fraction of a number in a log line (an elapsed 0.6349999999999998 ms
    // once matched and passed Luhn), not a card number.
    [GeneratedRegex(@"(?<![0-9.])[0-9]{13,19}(?![0-9])")]
    private static partial Regex DigitRun();
}
