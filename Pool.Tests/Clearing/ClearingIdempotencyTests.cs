using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Clearing.Contracts;

namespace Pool.Tests.Clearing;

/// <summary>clearing-file.md §5: whole or nothing, idempotent by file id and by (transaction code, ARN), and a re-run after a crash ends as one clean run.</summary>
[TestFixture]
public sealed class ClearingIdempotencyTests : ClearingFixture
{
    // Small batches, so a crash can land between two of them.
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Clearing:PostingBatchMax"] = "2" };

    [Test]
    public async Task RejectedFile_PostsNothing_AndLeavesNoTrace()
    {
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 700);
        file.Add("06", card.Pan, 100);
        var bytes = file.Bytes();
        bytes[bytes.Length - 2] = (byte)'X'; // the trailer's last filler character

        using var response = await UploadAsync(Host.Operator(), bytes);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await JsonAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:file-rejected"));
        Assert.That((problem.GetProperty("recordNumber").GetInt32(), problem.GetProperty("field").GetString()), Is.EqualTo((4, "spaces")));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM clearing.files WHERE file_id = '{file.FileId}'"), Is.Zero);
        Assert.That(await ScalarAsync($"SELECT count(*) FROM clearing.details WHERE file_id = '{file.FileId}'"), Is.Zero);
        Assert.That(await ScalarAsync("SELECT count(*) FROM clearing.file_cards WHERE card_id = '" + card.CardId + "'"), Is.Zero);
        Assert.That(await BalanceAsync(card), Is.EqualTo((5_000L, 0L, 5_000L)));

        // The corrected file, with the same id, imports as if the first had never come.
        var report = await ImportAsync(file);
        Assert.That(report.ForcePosted.Count + report.Credits.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task SameFileTwice_TheSecondIs409AlreadyImported_AndPostsNothing()
    {
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 700);
        using var first = await UploadAsync(Host.Operator(), file.Bytes());
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        using var second = await UploadAsync(Host.Operator(), file.Bytes());

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await JsonAsync(second)).GetProperty("type").GetString(), Is.EqualTo("urn:pool:problem:already-imported"));
        Assert.That((await BalanceAsync(card)).Posted, Is.EqualTo(4_300));
    }

    [Test]
    public async Task DetailAlreadyImported_InAnotherFile_IsCountedAsDuplicate_AndPostsNothing()
    {
        var card = await NewCardAsync(5_000);
        var first = new ClearingFileText();
        var arn = first.Add("05", card.Pan, 700);
        await ImportAsync(first);
        var second = new ClearingFileText();
        second.Add("05", card.Pan, 700, arn: arn);
        second.Add("05", card.Pan, 100);
        second.Add("05", card.Pan, 100, arn: arn);

        var report = await ImportAsync(second);

        Assert.That((report.Duplicates, report.ForcePosted), Is.EqualTo((new ClearingTotal(2, 800), new ClearingTotal(1, 100))), "the 700 of an earlier file and the 100 repeating it here");
        Assert.That((await BalanceAsync(card)).Posted, Is.EqualTo(4_200));
    }

    [Test]
    public async Task ImportStoppedHalfWay_ThenRunAgain_EndsAsOneCleanRun()
    {
        var card = await NewCardAsync(50_000);
        var code = await ApproveAsync(card, 3_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 3_000, code, "432812345678");
        for (var i = 0; i < 8; i++)
        {
            file.Add(i % 2 == 0 ? "05" : "06", card.Pan, 100 + i);
        }

        // Stop the process's work at the first batch boundary: cancelling there is what a kill -9 leaves,
        // a staged file with some details posted and the rest not.
        using var stop = new CancellationTokenSource();
        var progress = new StopAfterFirstPostingBatch(stop);
        Assert.CatchAsync<OperationCanceledException>(async () => await Imports.ImportAsync(file.Stream(), "test", progress, stop.Token));
        Assert.That(await ScalarAsync($"SELECT state FROM clearing.files WHERE file_id = '{file.FileId}'"), Is.EqualTo(1), "staged, not done");
        var unposted = await ScalarAsync($"SELECT count(*) FROM clearing.details d WHERE d.file_id = '{file.FileId}' AND NOT EXISTS (SELECT 1 FROM clearing.outcomes o WHERE o.file_id = d.file_id AND o.record_number = d.record_number)");
        Assert.That(unposted, Is.InRange(1, 8));

        var rerun = await Imports.ImportAsync(file.Stream(), "test", null, CancellationToken.None);

        Assert.That(rerun.Outcome, Is.EqualTo(ClearingImportOutcome.Imported));
        Assert.That(rerun.Report!.Matched, Is.EqualTo(new ClearingTotal(1, 3_000)));
        Assert.That(rerun.Report.ForcePosted.Count + rerun.Report.Credits.Count, Is.EqualTo(8));
        // 50,000 − 3,000 − (100 + 102 + 104 + 106) + (101 + 103 + 105 + 107) = 47,004
        Assert.That(await BalanceAsync(card), Is.EqualTo((47_004L, 0L, 47_004L)));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE idempotency_key LIKE 'clearing:%' AND reference IN (SELECT arn FROM clearing.details WHERE file_id = '{file.FileId}')"), Is.LessThanOrEqualTo(9));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task PostingCommittedButNotRecorded_IsNotPostedTwiceByTheRerun()
    {
        // The crash between the engine's commit and the outcome's write: the money moved, the detail looks unposted.
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        var arn = file.Add("05", card.Pan, 700);
        var gateway = Host.Services.GetRequiredService<IAuthorizationLedgerGateway>();
        var early = await gateway.PostClearingAsync(new ClearingPosting($"clearing:05:{arn}", card.CardId, 700, false, null), CancellationToken.None);
        Assert.That(early.Status, Is.EqualTo(GatewayStatus.Applied));

        var report = await ImportAsync(file);

        Assert.That(report.ForcePosted, Is.EqualTo(new ClearingTotal(1, 700)));
        Assert.That((await BalanceAsync(card)).Posted, Is.EqualTo(4_300), "700 once");
    }

    [Test]
    public async Task MatchedPostingCommittedButNotRecorded_IsReportedMatchedByTheRerun()
    {
        // The crash between the engine's commit and the outcome's write, for a matched presentment: its hold is
        // released already, so the re-run's matching must count that cleared hold for it, or the report would say
        // force-posted where one clean run says matched.
        var card = await NewCardAsync(5_000);
        var code = await ApproveAsync(card, 1_000);
        var file = new ClearingFileText();
        var arn = file.Add("05", card.Pan, 900, code, "432812345678");
        var gateway = Host.Services.GetRequiredService<IAuthorizationLedgerGateway>();
        Assert.That(await gateway.WaitForProjectionAsync(CancellationToken.None), Is.True);
        var authorization = (await gateway.MatchClearingAsync(
            [new ClearingMatchQuery(card.CardId, code, "432812345678", 123456, new DateOnly(2026, 11, 24))], 30, CancellationToken.None)).Single();
        var early = await gateway.PostClearingAsync(new ClearingPosting($"clearing:05:{arn}", card.CardId, 900, false, authorization), CancellationToken.None);
        Assert.That(early.Status, Is.EqualTo(GatewayStatus.Applied));

        var report = await ImportAsync(file);

        Assert.That((report.Matched, report.ForcePosted), Is.EqualTo((new ClearingTotal(1, 900), ClearingTotal.None)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((4_100L, 0L, 4_100L)), "900 once, the hold released once");
    }

    [Test]
    public async Task SameFileUploadedConcurrently_IsImportedOnce()
    {
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        for (var i = 0; i < 20; i++)
        {
            file.Add("05", card.Pan, 10);
        }

        var bytes = file.Bytes();
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => UploadAsync(Host.Operator(), bytes)));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1), string.Join(", ", responses.Select(r => r.StatusCode)));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(3));
        Assert.That((await BalanceAsync(card)).Posted, Is.EqualTo(4_800));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private sealed class StopAfterFirstPostingBatch(CancellationTokenSource stop) : IProgress<ClearingProgress>
    {
        public void Report(ClearingProgress value)
        {
            if (value.Phase == "posting")
            {
                stop.Cancel();
            }
        }
    }
}
