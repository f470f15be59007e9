using System.Text;
using Pool.Modules.Clearing.Contracts;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Clearing;

/// <summary>Every processing rule of clearing-file.md §5, on real PostgreSQL through the engine's ordered path.</summary>
[TestFixture]
public sealed class ClearingRulesTests : ClearingFixture
{
    [Test]
    public async Task SpecExample_ImportedAfterItsApproval_ReleasesThe1200Hold_AndMovesPostedBy1380()
    {
        var card = await NewCardAsync(10_000);
        var approvalCode = await ApproveAsync(card, 1_200);
        Assert.That(await BalanceAsync(card), Is.EqualTo((10_000L, 1_200L, 8_800L)));
        // The spec's file, with this test's card and approval code in place of 4242… and A1B2C3.
        var text = Encoding.ASCII.GetString(await File.ReadAllBytesAsync(SpecExamples.ClearingSmallPath))
            .Replace("4242424242424242   ", card.Pan.PadRight(19), StringComparison.Ordinal)
            .Replace("A1B2C3", approvalCode, StringComparison.Ordinal);

        var result = await Imports.ImportAsync(new MemoryStream(Encoding.ASCII.GetBytes(text)), "test", null, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ClearingImportOutcome.Imported), result.Rejection?.ToString());
        var report = result.Report!;
        Assert.That(report.RecordsRead, Is.EqualTo(5));
        Assert.That(report.Matched, Is.EqualTo(new ClearingTotal(1, 1_180)));
        Assert.That(report.Credits, Is.EqualTo(new ClearingTotal(1, 500)));
        Assert.That(report.ForcePosted, Is.EqualTo(new ClearingTotal(1, 700)));
        Assert.That(report.FileTotals, Is.EqualTo(new ClearingFileTotals(3, 1_880, 500)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((10_000L - 1_380, 0L, 10_000L - 1_380)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task PresentmentMatchedByCodeAndRrn_PostsTheClearedAmount_NotTheAuthorized_AndReleasesTheHold()
    {
        var card = await NewCardAsync(10_000);
        var code = await ApproveAsync(card, 5_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 5_600, code, "432812345678");

        var report = await ImportAsync(file);

        Assert.That((report.Matched, report.ForcePosted), Is.EqualTo((new ClearingTotal(1, 5_600), ClearingTotal.None)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((4_400L, 0L, 4_400L)));
    }

    [Test]
    public async Task PresentmentWithAnotherRrn_IsMatchedByCodeAcquirerAndDateWithin30Days()
    {
        var card = await NewCardAsync(10_000);
        var code = await ApproveAsync(card, 3_000);
        var file = new ClearingFileText();
        var today = DateTime.UtcNow;
        file.Add("05", card.Pan, 3_000, code, "999999999999", acquirerId: 123456, purchaseDate: today.AddDays(-20).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));

        var report = await ImportAsync(file);

        Assert.That(report.Matched.Count, Is.EqualTo(1));
        Assert.That(await BalanceAsync(card), Is.EqualTo((7_000L, 0L, 7_000L)));
    }

    [Test]
    public async Task PresentmentWithAnotherAcquirerAndRrn_IsNotMatched_ButForcePosted()
    {
        var card = await NewCardAsync(10_000);
        var code = await ApproveAsync(card, 3_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 3_000, code, "999999999999", acquirerId: 654321);

        var report = await ImportAsync(file);

        Assert.That((report.Matched.Count, report.ForcePosted.Count), Is.EqualTo((0L, 1L)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((7_000L, 3_000L, 4_000L)), "the hold stays until it expires");
    }

    [Test]
    public async Task PresentmentWithoutAuthorization_IsForcePosted_EvenBelowZeroAvailable()
    {
        var card = await NewCardAsync(100);
        var file = new ClearingFileText();
        file.Add("07", card.Pan, 700);

        var report = await ImportAsync(file);

        Assert.That(report.ForcePosted, Is.EqualTo(new ClearingTotal(1, 700)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((-600L, 0L, -600L)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task AuthorizationAlreadyCleared_IsNotMatchedAgain_TheSecondPresentmentIsForcePosted()
    {
        var card = await NewCardAsync(10_000);
        var code = await ApproveAsync(card, 1_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 1_000, code, "432812345678");
        await ImportAsync(file);
        var again = new ClearingFileText();
        again.Add("05", card.Pan, 1_000, code, "432812345678");

        var report = await ImportAsync(again);

        Assert.That((report.Matched.Count, report.ForcePosted.Count), Is.EqualTo((0L, 1L)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((8_000L, 0L, 8_000L)));
    }

    [Test]
    public async Task TwoPresentmentsOfOneAuthorizationInOneFile_TheFirstIsMatched_TheSecondFindsTheHoldReleasedAndIsForcePosted()
    {
        // Matched one at a time in record order, the second finds no open hold (as it would in a later file); the
        // batch's matching statement sees the hold open for both, so the importer sets the second aside.
        var card = await NewCardAsync(10_000);
        var code = await ApproveAsync(card, 1_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 1_000, code, "432812345678");
        file.Add("05", card.Pan, 300, code, "432812345678");

        var report = await ImportAsync(file);

        Assert.That((report.Matched, report.ForcePosted), Is.EqualTo((new ClearingTotal(1, 1_000), new ClearingTotal(1, 300))));
        Assert.That(await BalanceAsync(card), Is.EqualTo((8_700L, 0L, 8_700L)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task MultiplePresentments_PostEachAmount_AndTheLastReleasesTheHold()
    {
        var card = await NewCardAsync(20_000);
        var code = await ApproveAsync(card, 10_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 4_000, code, "432812345678", sequenceNumber: 1, sequenceCount: 2);
        file.Add("05", card.Pan, 5_000, code, "432812345678", sequenceNumber: 2, sequenceCount: 2);

        var report = await ImportAsync(file);

        Assert.That(report.Matched, Is.EqualTo(new ClearingTotal(2, 9_000)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((11_000L, 0L, 11_000L)), "posted 4,000 + 5,000; the 1,000 left of the hold released");
        Assert.That(EngineBalance(card), Is.EqualTo((11_000L, 0L, 11_000L)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task ClearingSequence_EachPresentmentReducesTheHold_TheLastReleasesTheRest_AndAReimportChangesNothing()
    {
        // clearing-file.md §5: with a sequence count n > 1 the hold is reduced by each presentment and released
        // fully with the last one. Each sequence comes in a file of its own, so the balance is seen between them.
        var card = await NewCardAsync(20_000);
        var code = await ApproveAsync(card, 10_000);
        (long Amount, long Posted, long Held)[] sequences = [(3_000, 17_000, 7_000), (5_000, 12_000, 2_000), (1_500, 10_500, 0)];
        var files = new List<ClearingFileText>();
        for (var n = 1; n <= sequences.Length; n++)
        {
            var (amount, posted, held) = sequences[n - 1];
            var file = new ClearingFileText();
            file.Add("05", card.Pan, amount, code, "432812345678", sequenceNumber: n, sequenceCount: sequences.Length);
            files.Add(file);

            var report = await ImportAsync(file);

            Assert.That(report.Matched, Is.EqualTo(new ClearingTotal(1, amount)), $"sequence {n}");
            Assert.That(await BalanceAsync(card), Is.EqualTo((posted, held, posted - held)), $"ledger after sequence {n}");
            Assert.That(EngineBalance(card), Is.EqualTo((posted, held, posted - held)), $"engine after sequence {n}");
            await AssertLedgerBalancedAsync();
        }

        // The last sequence cleared 1,500 of the 2,000 still held: the other 500 went back to available.
        Assert.That(await ScalarAsync("SELECT count(*) FROM \"authorization\".holds WHERE state = 1 AND amount > 0"), Is.EqualTo(0));

        foreach (var file in files)
        {
            var again = await Imports.ImportAsync(file.Stream(), "test", null, CancellationToken.None);
            Assert.That(again.Outcome, Is.EqualTo(ClearingImportOutcome.AlreadyImported));
        }

        Assert.That(await BalanceAsync(card), Is.EqualTo((10_500L, 0L, 10_500L)));
        Assert.That(EngineBalance(card), Is.EqualTo((10_500L, 0L, 10_500L)));
    }

    [Test]
    public async Task ClearingSequence_AboveWhatIsHeld_ReducesTheHoldToZero_AndForcePostsTheExcess()
    {
        var card = await NewCardAsync(5_000);
        var code = await ApproveAsync(card, 2_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 2_500, code, "432812345678", sequenceNumber: 1, sequenceCount: 2);

        var report = await ImportAsync(file);

        Assert.That(report.Matched, Is.EqualTo(new ClearingTotal(1, 2_500)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((2_500L, 0L, 2_500L)), "the hold's 2,000 posted, the 500 above it forced");
        Assert.That(EngineBalance(card), Is.EqualTo((2_500L, 0L, 2_500L)));

        var last = new ClearingFileText();
        last.Add("05", card.Pan, 300, code, "432812345678", sequenceNumber: 2, sequenceCount: 2);
        var lastReport = await ImportAsync(last);

        Assert.That(lastReport.Matched, Is.EqualTo(new ClearingTotal(1, 300)), "the hold, reduced to zero, is still there to match");
        Assert.That(await BalanceAsync(card), Is.EqualTo((2_200L, 0L, 2_200L)));
        Assert.That(EngineBalance(card), Is.EqualTo((2_200L, 0L, 2_200L)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task Credit_CreditsTheCardholder_WithoutAnyAuthorization()
    {
        var card = await NewCardAsync(1_000);
        var file = new ClearingFileText();
        file.Add("06", card.Pan, 500);

        var report = await ImportAsync(file);

        Assert.That(report.Credits, Is.EqualTo(new ClearingTotal(1, 500)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((1_500L, 0L, 1_500L)));
    }

    [Test]
    public async Task Reversal_UndoesThePresentmentWithTheSameArn_FromAnEarlierFile()
    {
        var card = await NewCardAsync(5_000);
        var purchase = new ClearingFileText();
        var arn = purchase.Add("05", card.Pan, 700);
        var credit = purchase.Add("06", card.Pan, 300);
        await ImportAsync(purchase);
        Assert.That((await BalanceAsync(card)).Posted, Is.EqualTo(4_600));
        var reversals = new ClearingFileText();
        reversals.Add("25", card.Pan, 700, arn: arn);
        reversals.Add("26", card.Pan, 300, arn: credit);

        var report = await ImportAsync(reversals);

        Assert.That(report.Reversals, Is.EqualTo(new ClearingTotal(2, 1_000)));
        Assert.That(await BalanceAsync(card), Is.EqualTo((5_000L, 0L, 5_000L)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task ReversalBeforeItsPresentmentInTheSameFile_StillFindsIt()
    {
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        var arn = ClearingFileText.NewArn();
        file.Add("27", card.Pan, 2_000, arn: arn);
        file.Add("07", card.Pan, 2_000, arn: arn);

        var report = await ImportAsync(file);

        Assert.That((report.ForcePosted.Count, report.Reversals.Count, report.Exceptions.Count), Is.EqualTo((1L, 1L, 0L)));
        Assert.That((await BalanceAsync(card)).Posted, Is.EqualTo(5_000));
    }

    [Test]
    public async Task ReversalNamingNoKnownPresentment_IsAnException_AndPostsNothing()
    {
        var card = await NewCardAsync(5_000);
        var file = new ClearingFileText();
        file.Add("25", card.Pan, 900);

        var report = await ImportAsync(file);

        Assert.That((report.Reversals, report.Exceptions), Is.EqualTo((ClearingTotal.None, new ClearingTotal(1, 900))));
        Assert.That(await ScalarAsync($"SELECT exception_reason FROM clearing.outcomes WHERE file_id = '{file.FileId}'"), Is.EqualTo(2));
        Assert.That((await BalanceAsync(card)).Posted, Is.EqualTo(5_000));
    }

    [Test]
    public async Task UnknownCard_IsAnException_KeptWithFileIdAndRecordNumber_AndPostsNothing()
    {
        var file = new ClearingFileText();
        file.Add("05", "4000000000000002", 1_234);
        file.Add("05", "NOT A PAN", 10);

        var report = await ImportAsync(file);

        Assert.That(report.Exceptions, Is.EqualTo(new ClearingTotal(2, 1_244)));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM clearing.outcomes WHERE file_id = '{file.FileId}' AND outcome = 5 AND exception_reason = 1 AND record_number IN (2, 3)"), Is.EqualTo(2));
    }
}
