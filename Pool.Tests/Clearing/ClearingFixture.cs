using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Ledger.Contracts;
using Pool.Tests.Authorization;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Clearing;

/// <summary>
/// A whole host (engine active) on a database of the fixture's own. Tests issue cards over the API, approve
/// authorizations through the engine as the link does, and import clearing files through the module's door.
/// </summary>
public abstract class ClearingFixture
{
    internal EngineHostHarness Harness { get; private set; } = null!;

    protected TestHost Host => Harness.Host;

    protected IClearingImports Imports => Host.Services.GetRequiredService<IClearingImports>();

    /// <summary>Extra configuration for the fixture's host.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Modules added after the real ones (their services win), for fixtures that watch or slow the importer.</summary>
    protected virtual IReadOnlyList<Pool.Modules.Abstractions.IModule>? AdditionalModules => null;

    [OneTimeSetUp]
    public async Task StartHostAsync() =>
        Harness = await EngineHostHarness.StartOnNewDatabaseAsync(GetType().Name, Settings, AdditionalModules);

    [OneTimeTearDown]
    public async Task StopHostAsync() => await Harness.DisposeAsync();

    [TearDown]
    public void ShowLogsOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            foreach (var line in Host.Logs.Lines.Where(l => l.Contains("Clearing", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(30))
            {
                TestContext.Out.WriteLine(line);
            }
        }
    }

    internal Task<TestCard> NewCardAsync(long depositMinor = 10_000) => Harness.NewCardAsync(depositMinor);

    /// <summary>Approves a purchase through the engine; returns its approval code (DE38).</summary>
    internal async Task<string> ApproveAsync(TestCard card, long amountMinor)
    {
        var outcome = await Harness.DecideAsync(Harness.Purchase(card, amountMinor));
        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
        return ApprovalCodeText(outcome.ApprovalCode);
    }

    internal static string ApprovalCodeText(ApprovalCode code)
    {
        Span<byte> ascii = stackalloc byte[ApprovalCode.Length];
        code.WriteAscii(ascii);
        return Encoding.ASCII.GetString(ascii);
    }

    internal async Task<ClearingImportReport> ImportAsync(ClearingFileText file)
    {
        var result = await Imports.ImportAsync(file.Stream(), "test", null, CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(ClearingImportOutcome.Imported), result.Rejection?.ToString());
        return result.Report!;
    }

    internal async Task<(long Posted, long Held, long Available)> BalanceAsync(TestCard card)
    {
        var balance = await Harness.BalanceAsync(card.CardholderId);
        return (balance.GetProperty("posted").GetInt64(), balance.GetProperty("held").GetInt64(), balance.GetProperty("available").GetInt64());
    }

    /// <summary>The engine's in-memory balance of the card's account (to compare with the ledger's).</summary>
    internal (long Posted, long Held, long Available) EngineBalance(TestCard card)
    {
        Assert.That(Harness.EngineHost.Catalog.TryGetAccount(card.CardholderId, out var account), Is.True, "the engine knows the account");
        Assert.That(Harness.Engine.State.TryGetBalance(account, out var posted, out var held), Is.True);
        return (posted, held, posted - held);
    }

    protected async Task AssertLedgerBalancedAsync()
    {
        var report = await Host.Services.GetRequiredService<ILedgerCheck>().RunAsync(CancellationToken.None);
        Assert.That(report.Findings, Is.Empty, string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.AccountId} {f.TransferId}: {f.Detail}")));
    }

    protected Task<long> ScalarAsync(string sql) => Harness.ScalarAsync(sql);

    protected async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] body, string contentType = "text/plain")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await client.PostAsync("/api/clearing/files", content);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
