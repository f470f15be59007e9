using System.Globalization;
using System.Threading.Channels;
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
/// <remarks>
/// Each phase is a pipeline (docs/clearing.md "Pipelined batches"): while the engine commits and the projector
/// applies batch n, batch n + 1 is read and matched and its postings submitted behind those of n (at most
/// <see cref="ClearingOptions.PostingBatchesInFlightMax"/> batches in the engine), and the outcomes of a batch
/// are written once it is answered. Matching sees holds as projected, so the authorizations a batch in flight
/// releases are kept as claims (<see cref="HoldClaims"/>): a later presentment that matched one is set aside
/// and matched again once everything before it is projected, as if the file were posted one presentment at a time.
/// </remarks>
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

    private NpgsqlDataSource DataSource => dataSource;

    private IClearingPostings Postings => postings;

    private IPresentmentMatcher Matcher => matcher;

    private ClearingOptions Options => options.Value;

    private TimeProvider Time => time;

    private ClearingMetrics Metrics => metrics;

    private ILogger Logger => logger;

    /// <param name="unknownCards">
    /// Whether some details may name no card of Pool's (known when the file was just staged; assumed when an import
    /// is finished after a crash): they are marked in one statement first, since a misrouted file of another
    /// issuer's cards would otherwise cost a posting batch per <see cref="ClearingOptions.PostingBatchMax"/> details.
    /// </param>
    public async Task RunAsync(string fileId, long detailsTotal, bool unknownCards, IProgress<ClearingProgress>? progress, CancellationToken cancellationToken)
    {
        long done = 0;
        if (unknownCards)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            done = await DetailStore.MarkUnknownCardsAsync(connection, fileId, time.GetUtcNow(), cancellationToken);
            metrics.Exceptions(ExceptionReason.UnknownCard, done);
        }

        foreach (var reversals in PhasesInOrder)
        {
            // Matching and the repeat checks read what the engine projected: see everything answered before the
            // phase (the approvals the presentments clear, and for the reversals every presentment posted).
            if (!await matcher.WaitForAuthorizationsAsync(cancellationToken))
            {
                throw new ClearingUnavailableException($"The authorization log is not projected up to the engine's answers; clearing file {fileId} waits for a re-run.");
            }

            var phase = new Phase(this, fileId, reversals, detailsTotal, done, progress);
            done = await phase.RunAsync(cancellationToken);
        }
    }

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

    /// <summary>One phase of one run: read and match (a producer task), post (at most a few batches in the engine), record.</summary>
    private sealed class Phase(ClearingPostingRun run, string fileId, bool reversals, long detailsTotal, long done, IProgress<ClearingProgress>? progress)
    {
        private readonly HoldClaims _claims = new();
        private readonly Queue<PostingCall> _calls = new();
        private Task _outcomesWrite = Task.CompletedTask;
        private long _done = done;
        private bool _unavailable;

        public async Task<long> RunAsync(CancellationToken cancellationToken)
        {
            // One batch read and matched ahead of the one being submitted: the read and match of n + 1 overlap the
            // engine and the projection of n, and no more than one batch waits in memory.
            var prepared = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(1)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var producer = Task.Run(() => ProduceAsync(prepared.Writer, stop.Token), CancellationToken.None);
            try
            {
                await foreach (var batch in prepared.Reader.ReadAllAsync(cancellationToken))
                {
                    await PostAsync(batch, cancellationToken);
                    if (_unavailable)
                    {
                        break;
                    }
                }

                await CompleteAllAsync(cancellationToken);
            }
            finally
            {
                await stop.CancelAsync();
                await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                // Stopped (cancelled, engine unavailable, a failure): what the engine answered is still recorded, so a
                // re-run has less to repeat.
                while (_calls.Count > 0)
                {
                    await CompleteOldestAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                await _outcomesWrite.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await producer;
            await _outcomesWrite;
            if (_unavailable)
            {
                // Those left unposted stay so in clearing.details; importing the file again finishes them.
                throw new ClearingUnavailableException($"The engine did not take every posting of clearing file {fileId}; the rest wait for a re-run.");
            }

            return _done;
        }

        /// <summary>Reads the unposted details batch after batch and matches them; ends when none is left.</summary>
        private async Task ProduceAsync(ChannelWriter<PreparedBatch> writer, CancellationToken cancellationToken)
        {
            try
            {
                var afterRecord = 0;
                while (true)
                {
                    var watch = new BatchWatch(run.Time);
                    IReadOnlyList<StagedDetail> details;
                    await using (var connection = await run.DataSource.OpenConnectionAsync(cancellationToken))
                    {
                        details = await DetailStore.ReadUnpostedAsync(connection, fileId, reversals, afterRecord, run.Options.PostingBatchMax, cancellationToken);
                        if (details.Count == 0)
                        {
                            break;
                        }

                        afterRecord = details[^1].RecordNumber;
                        watch.Read = watch.Lap();
                        var batch = reversals
                            ? await PrepareReversalsAsync(connection, details, cancellationToken)
                            : await PreparePresentmentsAsync(details, cancellationToken);
                        watch.Match = watch.Lap();
                        batch.Watch = watch;
                        await writer.WriteAsync(batch, cancellationToken);
                    }
                }

                writer.TryComplete();
            }
            catch (Exception exception)
            {
                writer.TryComplete(exception);
            }
        }

        private async Task<PreparedBatch> PreparePresentmentsAsync(IReadOnlyList<StagedDetail> details, CancellationToken cancellationToken)
        {
            var batch = new PreparedBatch(details, _claims.Open(matchedAgain: false));
            var toMatch = new List<int>(details.Count);
            for (var i = 0; i < details.Count; i++)
            {
                var detail = details[i];
                if (detail.CardId is null || detail.CardholderId is null)
                {
                    batch.Outcomes[i] = new DetailOutcomeRow(detail.RecordNumber, DetailOutcome.Exception, ExceptionReason.UnknownCard, null);
                }
                else if ((ClearingTransactionCode)detail.TransactionCode == ClearingTransactionCode.Credit)
                {
                    // §5: a credit needs no authorization.
                    batch.Add(i, Instruction(detail, PostingKind.Credit, null));
                }
                else
                {
                    toMatch.Add(i);
                }
            }

            // Claims of the batches in flight, taken before the statement: it may not see their holds released.
            batch.Snapshot = _claims.Snapshot();
            var found = await MatchAsync(details, toMatch, cancellationToken);
            for (var j = 0; j < toMatch.Count; j++)
            {
                var i = toMatch[j];
                if (found[j] is { } authorizationId && _claims.IsClaimed(batch.Snapshot, batch.Claims, authorizationId))
                {
                    batch.SetAside.Add(i);
                    continue;
                }

                batch.Add(i, MatchedOrForced(details[i], found[j], batch.Claims));
            }

            return batch;
        }

        private async Task<PreparedBatch> PrepareReversalsAsync(NpgsqlConnection connection, IReadOnlyList<StagedDetail> details, CancellationToken cancellationToken)
        {
            var batch = new PreparedBatch(details, _claims.Open(matchedAgain: false));
            var codes = new short[details.Count];
            var arns = new string[details.Count];
            for (var i = 0; i < details.Count; i++)
            {
                codes[i] = (short)ClearingTransactionCodes.Reversed((ClearingTransactionCode)details[i].TransactionCode);
                arns[i] = details[i].Arn;
            }

            var posted = (await DetailStore.FindPostedPresentmentsAsync(connection, codes, arns, cancellationToken))
                .ToDictionary(p => (p.TransactionCode, p.Arn));
            for (var i = 0; i < details.Count; i++)
            {
                var detail = details[i];
                if (!posted.TryGetValue((codes[i], arns[i]), out var presentment))
                {
                    // §5: a reversal that names no known presentment is an exception.
                    batch.Outcomes[i] = new DetailOutcomeRow(detail.RecordNumber, DetailOutcome.Exception, ExceptionReason.UnknownPresentment, null);
                    continue;
                }

                var kind = (ClearingTransactionCode)presentment.TransactionCode == ClearingTransactionCode.Credit ? PostingKind.ReversalOfCredit : PostingKind.ReversalOfDebit;
                batch.Add(i, new PostingInstruction(IdempotencyKey(detail), kind, presentment.CardId, presentment.CardholderId, detail.Amount, null, false, detail.Arn));
            }

            return batch;
        }

        /// <summary>
        /// Submits a prepared batch behind the ones in flight (after the oldest is done when the limit is reached).
        /// Presentments set aside are matched again once everything before them is projected, in rounds: a round
        /// posts those whose match no earlier one of the round claimed, and sets the others aside again.
        /// </summary>
        private async Task PostAsync(PreparedBatch batch, CancellationToken cancellationToken)
        {
            while (_calls.Count >= run.Options.PostingBatchesInFlightMax)
            {
                await CompleteOldestAsync(cancellationToken);
            }

            if (!reversals)
            {
                // Presentments matched again since this batch's matching (for batches before it) win over it.
                for (var j = batch.Instructions.Count - 1; j >= 0; j--)
                {
                    if (batch.Instructions[j].AuthorizationId is { } authorizationId && _claims.IsClaimedSince(batch.Snapshot!, authorizationId))
                    {
                        _claims.Remove(batch.Claims, authorizationId);
                        batch.SetAside.Add(batch.Indexes[j]);
                        batch.RemoveAt(j);
                    }
                }
            }

            var watch = batch.Watch!;
            var call = new PostingCall(batch, batch.Indexes.ToList(), batch.Instructions.ToList(), batch.Claims, watch);
            call.Start(run.Postings, cancellationToken);
            _calls.Enqueue(call);
            var setAside = batch.SetAside.Order().ToList();
            while (setAside.Count > 0 && !_unavailable)
            {
                await CompleteAllAsync(cancellationToken);
                if (_unavailable)
                {
                    break;
                }

                var round = _claims.Open(matchedAgain: true);
                var found = await MatchAsync(batch.Details, setAside, cancellationToken);
                var indexes = new List<int>();
                var instructions = new List<PostingInstruction>();
                var again = new List<int>();
                for (var j = 0; j < setAside.Count; j++)
                {
                    var i = setAside[j];
                    if (found[j] is { } authorizationId && round.Contains(authorizationId))
                    {
                        again.Add(i);
                        continue;
                    }

                    indexes.Add(i);
                    instructions.Add(MatchedOrForced(batch.Details[i], found[j], round));
                }

                var roundCall = new PostingCall(batch, indexes, instructions, round, watch);
                roundCall.Start(run.Postings, cancellationToken);
                _calls.Enqueue(roundCall);
                setAside = again;
            }
        }

        /// <summary>Waits for every batch in flight.</summary>
        private async Task CompleteAllAsync(CancellationToken cancellationToken)
        {
            while (_calls.Count > 0)
            {
                await CompleteOldestAsync(cancellationToken);
            }
        }

        /// <summary>Waits for the oldest call, records its outcomes (after the previous write), reports it.</summary>
        private async Task CompleteOldestAsync(CancellationToken cancellationToken)
        {
            var call = _calls.Peek();
            IReadOnlyList<PostingResult> results;
            try
            {
                results = await call.Task!.WaitAsync(cancellationToken);
            }
            catch (Exception) when (call.Task!.IsCompleted)
            {
                // The call failed: nothing of it is recorded, its details stay unposted for the re-run.
                _calls.Dequeue();
                _unavailable = true;
                throw;
            }

            _calls.Dequeue();
            _claims.Release(call.Claims);
            var batch = call.Batch;
            var decided = new List<DetailOutcomeRow>(call.Indexes.Count + (call.IsFirstOfBatch ? batch.Details.Count : 0));
            if (call.IsFirstOfBatch)
            {
                // The exceptions decided without the engine.
                foreach (var outcome in batch.Outcomes)
                {
                    if (outcome.RecordNumber != 0)
                    {
                        decided.Add(outcome);
                    }
                }
            }

            for (var j = 0; j < call.Indexes.Count; j++)
            {
                var detail = batch.Details[call.Indexes[j]];
                var instruction = call.Instructions[j];
                switch (results[j])
                {
                    case PostingResult.Posted:
                        decided.Add(new DetailOutcomeRow(detail.RecordNumber, OutcomeOf(instruction.Kind), null, instruction.AuthorizationId));
                        break;
                    case PostingResult.Refused:
                        decided.Add(new DetailOutcomeRow(detail.RecordNumber, DetailOutcome.Exception, ExceptionReason.PostingRefused, instruction.AuthorizationId));
                        break;
                    default:
                        // Unavailable: left unposted; the phase stops after the batches in flight.
                        _unavailable = true;
                        break;
                }
            }

            var engineMs = call.ElapsedMs;
            var waited = run.Time.GetTimestamp();
            await _outcomesWrite;
            var waitedMs = (long)run.Time.GetElapsedTime(waited).TotalMilliseconds;
            _outcomesWrite = RecordOutcomesAsync(decided);
            ClearingLog.BatchPosted(run.Logger, fileId, decided.Count, call.IsFirstOfBatch ? call.Watch.Read : 0, call.IsFirstOfBatch ? call.Watch.Match : 0, engineMs, waitedMs);
            LogExceptions(decided);
            _done += decided.Count;
            progress?.Report(new ClearingProgress("posting", _done, detailsTotal));
        }

        /// <summary>
        /// Writes a batch's outcomes on a connection of its own. Not cancelled with the import: the postings it
        /// records are committed, and recording them is short.
        /// </summary>
        private async Task RecordOutcomesAsync(IReadOnlyList<DetailOutcomeRow> decided)
        {
            await using var connection = await run.DataSource.OpenConnectionAsync(CancellationToken.None);
            await DetailStore.RecordOutcomesAsync(connection, fileId, decided, run.Time.GetUtcNow(), CancellationToken.None);
        }

        /// <summary>The authorizations of the presentments at <paramref name="indexes"/> (one statement), at the same positions.</summary>
        private async Task<IReadOnlyList<string?>> MatchAsync(IReadOnlyList<StagedDetail> details, List<int> indexes, CancellationToken cancellationToken)
        {
            var toMatch = new List<PresentmentToMatch>(indexes.Count);
            foreach (var i in indexes)
            {
                var detail = details[i];
                toMatch.Add(new PresentmentToMatch(detail.CardId!, detail.ApprovalCode, detail.Rrn, detail.AcquirerId, DateOnly.FromDateTime(detail.PurchaseDate), IdempotencyKey(detail)));
            }

            return toMatch.Count == 0 ? [] : await run.Matcher.FindAsync(toMatch, cancellationToken);
        }

        /// <summary>§5: a purchase or cash presentment without a match is force-posted; the last of its sequence claims the hold it releases.</summary>
        private PostingInstruction MatchedOrForced(StagedDetail detail, string? authorizationId, ClaimSet claims)
        {
            if (authorizationId is null)
            {
                return Instruction(detail, PostingKind.ForcedPresentment, null);
            }

            var instruction = Instruction(detail, PostingKind.MatchedPresentment, authorizationId);
            if (instruction.ReleasesHold)
            {
                _claims.Add(claims, authorizationId);
            }

            return instruction;
        }

        private static PostingInstruction Instruction(StagedDetail detail, PostingKind kind, string? authorizationId) =>
            new(IdempotencyKey(detail), kind, detail.CardId!, detail.CardholderId!, detail.Amount, authorizationId,
                ReleasesHold: detail.SequenceNumber >= detail.SequenceCount, detail.Arn);

        private void LogExceptions(IReadOnlyList<DetailOutcomeRow> outcomes)
        {
            foreach (var outcome in outcomes)
            {
                if (outcome.Reason is { } counted)
                {
                    run.Metrics.Exceptions(counted, 1);
                }
            }

            if (!run.Logger.IsEnabled(LogLevel.Debug))
            {
                return;
            }

            foreach (var outcome in outcomes)
            {
                if (outcome.Reason is { } reason)
                {
                    ClearingLog.DetailException(run.Logger, fileId, outcome.RecordNumber, ExceptionReasons.Name(reason));
                }
            }
        }
    }

    /// <summary>A batch read and matched, waiting to be submitted: its postings and the outcomes decided without the engine.</summary>
    private sealed class PreparedBatch(IReadOnlyList<StagedDetail> details, ClaimSet claims)
    {
        public IReadOnlyList<StagedDetail> Details { get; } = details;

        /// <summary>Per detail: the outcome decided without the engine (unknown card or presentment), or default.</summary>
        public DetailOutcomeRow[] Outcomes { get; } = new DetailOutcomeRow[details.Count];

        /// <summary>The postings, in record order, and the index of each one's detail.</summary>
        public List<PostingInstruction> Instructions { get; } = new(details.Count);

        public List<int> Indexes { get; } = new(details.Count);

        /// <summary>Presentments whose match an earlier one claims: matched again once everything before them is projected.</summary>
        public List<int> SetAside { get; } = [];

        public ClaimSet Claims { get; } = claims;

        public ClaimSnapshot? Snapshot { get; set; }

        public BatchWatch? Watch { get; set; }

        public void Add(int index, PostingInstruction instruction)
        {
            Indexes.Add(index);
            Instructions.Add(instruction);
        }

        public void RemoveAt(int position)
        {
            Indexes.RemoveAt(position);
            Instructions.RemoveAt(position);
        }
    }

    /// <summary>One gateway call: a batch's postings, or a round of its set-aside presentments.</summary>
    private sealed class PostingCall(PreparedBatch batch, List<int> indexes, List<PostingInstruction> instructions, ClaimSet claims, BatchWatch watch)
    {
        private long _started;

        public PreparedBatch Batch { get; } = batch;

        public List<int> Indexes { get; } = indexes;

        public List<PostingInstruction> Instructions { get; } = instructions;

        public ClaimSet Claims { get; } = claims;

        public BatchWatch Watch { get; } = watch;

        /// <summary>The batch's first call also records the outcomes decided without the engine.</summary>
        public bool IsFirstOfBatch => !Claims.MatchedAgain;

        public Task<IReadOnlyList<PostingResult>>? Task { get; private set; }

        public long ElapsedMs => (long)Watch.Time.GetElapsedTime(_started).TotalMilliseconds;

        public void Start(IClearingPostings postings, CancellationToken cancellationToken)
        {
            _started = Watch.Time.GetTimestamp();
            Task = Instructions.Count == 0
                ? System.Threading.Tasks.Task.FromResult<IReadOnlyList<PostingResult>>([])
                : postings.PostAsync(Instructions, cancellationToken);
        }
    }

    /// <summary>Where one batch's time went, in ms (the batch log line): each lap is the time since the previous.</summary>
    private sealed class BatchWatch(TimeProvider time)
    {
        private long _lap = time.GetTimestamp();

        public TimeProvider Time { get; } = time;

        public long Read { get; set; }

        public long Match { get; set; }

        public long Lap()
        {
            var now = Time.GetTimestamp();
            var elapsed = (long)Time.GetElapsedTime(_lap, now).TotalMilliseconds;
            _lap = now;
            return elapsed;
        }
    }
}
