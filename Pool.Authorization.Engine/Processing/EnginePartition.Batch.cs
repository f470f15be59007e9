using System.Diagnostics;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class EnginePartition
{
    /// <summary>
    /// Decides a group of requests in order, as <see cref="Decide(in AuthorizationRequest, out AuthorizationOutcome, out JournalRecord)"/>
    /// one after the other would, but with the clock read once for the group and the group's memory
    /// prefetched first (<see cref="PrefetchKeys"/>, then <see cref="PrefetchAccount"/>), so its cache
    /// misses overlap. The partition worker does the same over what it takes from its queue
    /// (<see cref="EngineOptions.DecisionBatchMax"/>); this entry point is for benchmarks and tests.
    /// </summary>
    public void DecideBatch(ReadOnlySpan<AuthorizationRequest> requests, Span<AuthorizationOutcome> outcomes, Span<JournalRecord> records)
    {
        if (outcomes.Length < requests.Length || records.Length < requests.Length)
        {
            throw new ArgumentException("One outcome and one record per request.", nameof(outcomes));
        }

        var nowUtcTicks = ReadClock();
        for (var i = 0; i < requests.Length; i++)
        {
            PrefetchKeys(in requests[i]);
        }

        for (var i = 0; i < requests.Length; i++)
        {
            PrefetchAccount(in requests[i]);
        }

        for (var i = 0; i < requests.Length; i++)
        {
            Decide(in requests[i], nowUtcTicks, out outcomes[i], out records[i]);
        }
    }

    /// <summary>The partition's clock, UTC ticks (read once per group by the worker).</summary>
    internal long ReadClock() => _time.GetUtcNow().UtcTicks;

    /// <summary>
    /// First prefetch stage: the lines a request's lookups start at, which depend only on the request —
    /// the card's slot for its PAN token, the recent answer's slot for its MTI class and key, and the hold's
    /// slot for its key (DE90's for a reversal). Only hints: nothing is read or changed.
    /// </summary>
    internal unsafe void PrefetchKeys(in AuthorizationRequest request)
    {
        var cardKey = request.CardKey;
        CacheLine.Prefetch(_state.Cards.HomeAddress((ulong)cardKey, (ulong)(cardKey >> 64)));
        CacheLine.Prefetch(_tables.RecentAnswers.HomeAddress(new AnswerKey(request.Kind, request.Key).Hash64()));
        var holdKey = request.Kind is RequestKind.Reversal or RequestKind.ReversalAdvice ? request.OriginalKey : request.Key;
        CacheLine.Prefetch(_tables.Holds.HomeAddress(holdKey.Hash64()));
    }

    /// <summary>
    /// Second prefetch stage, after the first has had time to bring the card's slot in: the card's
    /// account row. A lookup like the decision's own (no lock, insert-only table), so a card not found
    /// (unknown, or added by another partition meanwhile) just prefetches nothing.
    /// </summary>
    internal unsafe void PrefetchAccount(in AuthorizationRequest request)
    {
        if (_state.TryGetCardIndex(request.CardKey, out var cardIndex))
        {
            var accountIndex = _state.Cards[cardIndex].AccountIndex;
            Debug.Assert((uint)accountIndex < (uint)_state.Accounts.Length, "a published card names a loaded account");
            CacheLine.Prefetch(_state.Accounts.AddressOf(accountIndex));
        }
    }
}
