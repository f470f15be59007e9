using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Clearing.Format;
using Pool.Modules.Clearing.Persistence;
using Pool.Modules.Clearing.Posting;

namespace Pool.Modules.Clearing.Import;

/// <summary>
/// Posts a staged file's details in batches (clearing-file.md §5): presentments first (match, force-post,
/// credit), then reversals, each batch's outcomes written after its postings. A crash between the two leaves
/// the batch unposted in <c>clearing.details</c>; the re-run posts it again under the same idempotency keys,
/// which move no money twice, and records the outcomes, so it ends as one clean run.
/// </summary>
internal sealed class ClearingPostingRun(
    NpgsqlDataSource dataSource,
    IClearingPostings postings,
    IPresentmentMatcher matcher,
    IOptions<ClearingOptions> options,
    TimeProvider time,
    ClearingMetrics metrics,
    ILogger<ClearingPostingRun> logger)
{
    /// <summary>Presentments (false), then reversals (true).</summary>
    private static readonly bool[] PhasesInOrder = [false, true];

    public async Task RunAsync(string fileId, long detailsTotal, IProgress<ClearingProgress>? progress, CancellationToken cancellationToken)
    {
        var batchMax = options.Value.PostingBatchMax;
        long done;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            done = await DetailStore.MarkUnknownCardsAsync(connection, fileId, time.GetUtcNow(), cancellationToken);
        }

        metrics.Exceptions(ExceptionReason.UnknownCard, done);

        // A batch's outcomes are written while the next batch is read, matched and posted, so the engine's
        // journal is not idle during the write. Each write is awaited before the next one starts, and before
        // the reversals (which look for posted presentments). A crash before a write leaves its details
        // unposted in clearing.details: the re-run posts them again under the same keys and moves nothing twice.
        Task? outcomesWrite = null;
        try
        {
            foreach (var reversals in PhasesInOrder)
            {
                var afterRecord = 0;
                while (true)
                {
                    var watch = new BatchWatch(time);
                    IReadOnlyList<StagedDetail> batch;
                    IReadOnlyList<DetailOutcomeRow> outcomes;
                    await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
                    {
                        batch = await DetailStore.ReadUnpostedAsync(connection, fileId, reversals, afterRecord, batchMax, cancellationToken);
                        if (batch.Count == 0)
                        {
                            break;
                        }

                        afterRecord = batch[^1].RecordNumber;
                        watch.Read = watch.Lap();
                        outcomes = reversals
                            ? await PostReversalsAsync(connection, batch, watch, cancellationToken)
                            : await PostPresentmentsAsync(batch, watch, cancellationToken);
                        watch.Post = watch.Lap();
                    }

                    var decided = outcomes.Where(outcome => outcome.RecordNumber != 0).ToList();
                    if (outcomesWrite is not null)
                    {
                        await outcomesWrite;
                    }

                    outcomesWrite = RecordOutcomesAsync(fileId, decided);
                    ClearingLog.BatchPosted(logger, fileId, batch.Count, watch.Read, watch.Match, watch.Post, watch.Lap());
                    LogExceptions(fileId, decided);
                    if (decided.Count < outcomes.Count)
                    {
                        // Those left unposted stay so in clearing.details; importing the file again finishes them.
                        throw new ClearingUnavailableException($"The engine took {decided.Count} of {outcomes.Count} postings of clearing file {fileId}; the rest wait for a re-run.");
                    }

                    done += batch.Count;
                    progress?.Report(new ClearingProgress("posting", done, detailsTotal));
                }

                if (outcomesWrite is not null)
                {
                    await outcomesWrite;
                    outcomesWrite = null;
                }
            }
        }
        finally
        {
            // Stopped (cancelled, engine unavailable): the postings made are still recorded, so a re-run has less to repeat.
            if (outcomesWrite is not null)
            {
                await outcomesWrite.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Writes a batch's outcomes on a connection of its own. Not cancelled with the import: the postings it
    /// records are committed, and recording them is short.
    /// </summary>
    private async Task RecordOutcomesAsync(string fileId, IReadOnlyList<DetailOutcomeRow> decided)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await DetailStore.RecordOutcomesAsync(connection, fileId, decided, time.GetUtcNow(), CancellationToken.None);
    }

    private async Task<IReadOnlyList<DetailOutcomeRow>> PostPresentmentsAsync(IReadOnlyList<StagedDetail> batch, BatchWatch watch, CancellationToken cancellationToken)
    {
        // Match the batch's purchases and cash presentments in one statement, then post the batch.
        var toMatch = new List<PresentmentToMatch>(batch.Count);
        var matchIndexes = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var detail = batch[i];
            if (detail.CardId is not null && (ClearingTransactionCode)detail.TransactionCode != ClearingTransactionCode.Credit)
            {
                toMatch.Add(new PresentmentToMatch(detail.CardId, detail.ApprovalCode, detail.Rrn, detail.AcquirerId, DateOnly.FromDateTime(detail.PurchaseDate)));
                matchIndexes.Add(i);
            }
        }

        var found = await matcher.FindAsync(toMatch, cancellationToken);
        watch.Match = watch.Lap();
        var matches = new string?[batch.Count];
        for (var j = 0; j < found.Count; j++)
        {
            matches[matchIndexes[j]] = found[j];
        }

        var outcomes = new DetailOutcomeRow[batch.Count];
        var instructions = new List<PostingInstruction>(batch.Count);
        var indexes = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var detail = batch[i];
            if (detail.CardId is null || detail.CardholderId is null)
            {
                outcomes[i] = new DetailOutcomeRow(detail.RecordNumber, DetailOutcome.Exception, ExceptionReason.UnknownCard, null);
                continue;
            }

            // §5: a credit needs no authorization; a purchase or cash presentment without a match is force-posted.
            var instruction = (ClearingTransactionCode)detail.TransactionCode == ClearingTransactionCode.Credit
                ? Instruction(detail, PostingKind.Credit, null)
                : matches[i] is { } authorizationId
                    ? Instruction(detail, PostingKind.MatchedPresentment, authorizationId)
                    : Instruction(detail, PostingKind.ForcedPresentment, null);
            instructions.Add(instruction);
            indexes.Add(i);
        }

        await PostAsync(batch, instructions, indexes, outcomes, cancellationToken);
        return outcomes;
    }

    private async Task<IReadOnlyList<DetailOutcomeRow>> PostReversalsAsync(NpgsqlConnection connection, IReadOnlyList<StagedDetail> batch, BatchWatch watch, CancellationToken cancellationToken)
    {
        var codes = new short[batch.Count];
        var arns = new string[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            codes[i] = (short)ClearingTransactionCodes.Reversed((ClearingTransactionCode)batch[i].TransactionCode);
            arns[i] = batch[i].Arn;
        }

        var posted = (await DetailStore.FindPostedPresentmentsAsync(connection, codes, arns, cancellationToken))
            .ToDictionary(p => (p.TransactionCode, p.Arn));
        watch.Match = watch.Lap();
        var outcomes = new DetailOutcomeRow[batch.Count];
        var instructions = new List<PostingInstruction>(batch.Count);
        var indexes = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var detail = batch[i];
            if (!posted.TryGetValue((codes[i], arns[i]), out var presentment))
            {
                // §5: a reversal that names no known presentment is an exception.
                outcomes[i] = new DetailOutcomeRow(detail.RecordNumber, DetailOutcome.Exception, ExceptionReason.UnknownPresentment, null);
                continue;
            }

            var kind = (ClearingTransactionCode)presentment.TransactionCode == ClearingTransactionCode.Credit ? PostingKind.ReversalOfCredit : PostingKind.ReversalOfDebit;
            instructions.Add(new PostingInstruction(IdempotencyKey(detail), kind, presentment.CardId, presentment.CardholderId, detail.Amount, null, false, detail.Arn));
            indexes.Add(i);
        }

        await PostAsync(batch, instructions, indexes, outcomes, cancellationToken);
        return outcomes;
    }

    private async Task PostAsync(IReadOnlyList<StagedDetail> batch, List<PostingInstruction> instructions, List<int> indexes, DetailOutcomeRow[] outcomes, CancellationToken cancellationToken)
    {
        var results = instructions.Count == 0 ? [] : await postings.PostAsync(instructions, cancellationToken);
        for (var j = 0; j < instructions.Count; j++)
        {
            var detail = batch[indexes[j]];
            outcomes[indexes[j]] = results[j] switch
            {
                PostingResult.Posted => new DetailOutcomeRow(detail.RecordNumber, OutcomeOf(instructions[j].Kind), null, instructions[j].AuthorizationId),
                PostingResult.Refused => new DetailOutcomeRow(detail.RecordNumber, DetailOutcome.Exception, ExceptionReason.PostingRefused, instructions[j].AuthorizationId),
                _ => default,
            };
        }
    }

    private static PostingInstruction Instruction(StagedDetail detail, PostingKind kind, string? authorizationId) =>
        new(IdempotencyKey(detail), kind, detail.CardId!, detail.CardholderId!, detail.Amount, authorizationId,
            ReleasesHold: detail.SequenceNumber >= detail.SequenceCount, detail.Arn);

    /// <summary>§5: every detail is idempotent by (transaction code, ARN), and so is its money.</summary>
    private static string IdempotencyKey(StagedDetail detail) =>
        string.Create(CultureInfo.InvariantCulture, $"clearing:{detail.TransactionCode:D2}:{detail.Arn}");

    private static DetailOutcome OutcomeOf(PostingKind kind) => kind switch
    {
        PostingKind.MatchedPresentment => DetailOutcome.Matched,
        PostingKind.ForcedPresentment => DetailOutcome.ForcePosted,
        PostingKind.Credit => DetailOutcome.Credit,
        _ => DetailOutcome.Reversal,
    };

    private void LogExceptions(string fileId, IReadOnlyList<DetailOutcomeRow> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            if (outcome.Reason is { } counted)
            {
                metrics.Exceptions(counted, 1);
            }
        }

        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        foreach (var outcome in outcomes)
        {
            if (outcome.Reason is { } reason)
            {
                ClearingLog.DetailException(logger, fileId, outcome.RecordNumber, ExceptionReasons.Name(reason));
            }
        }
    }

    /// <summary>Where one batch's time went, in ms (the batch log line): each lap is the time since the previous.</summary>
    private sealed class BatchWatch(TimeProvider time)
    {
        private long _lap = time.GetTimestamp();

        public long Read { get; set; }

        public long Match { get; set; }

        public long Post { get; set; }

        public long Lap()
        {
            var now = time.GetTimestamp();
            var elapsed = (long)time.GetElapsedTime(_lap, now).TotalMilliseconds;
            _lap = now;
            return elapsed;
        }
    }
}
