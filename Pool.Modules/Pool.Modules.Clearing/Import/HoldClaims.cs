namespace Pool.Modules.Clearing.Import;

/// <summary>
/// The authorizations whose hold this posting run releases, from the moment a batch is matched until its postings
/// are projected (docs/clearing.md "Pipelined batches").
/// </summary>
/// <remarks>
/// Matching reads the projected holds. With batches in flight, a hold that an earlier batch releases may still
/// look open to the next batch's matching; posted one presentment at a time, the later presentment would not
/// have found it. A presentment whose match is claimed by an earlier one (in a batch still in flight, or earlier
/// in its own batch) is therefore set aside and matched again once everything before it is projected: the file
/// posts as if its presentments were matched one after another in record order. Setting one aside too often
/// only costs time; missing one would report a force-post as matched, so claims are kept until they are
/// certainly visible to every matching that could have missed them.
/// </remarks>
internal sealed class HoldClaims
{
    private readonly Lock _lock = new();
    private readonly List<ClaimSet> _live = [];
    private long _sequence;

    /// <summary>A new set for a batch's claims (or for the claims of set-aside presentments matched again).</summary>
    public ClaimSet Open(bool matchedAgain)
    {
        lock (_lock)
        {
            var set = new ClaimSet(++_sequence, matchedAgain);
            _live.Add(set);
            return set;
        }
    }

    /// <summary>Taken just before a matching statement: the claims it may not see.</summary>
    public ClaimSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new ClaimSnapshot(_sequence, [.. _live]);
        }
    }

    /// <summary>
    /// The batch's postings are projected: a matching that starts now sees their holds released. Sets of
    /// presentments matched again stay, so <see cref="IsClaimedSince"/> still finds them for batches matched before.
    /// </summary>
    public void Release(ClaimSet set)
    {
        lock (_lock)
        {
            if (!set.MatchedAgain)
            {
                _live.Remove(set);
            }
        }
    }

    /// <summary>Whether <paramref name="authorizationId"/> is claimed by a set of <paramref name="snapshot"/> or by <paramref name="own"/>.</summary>
    public bool IsClaimed(ClaimSnapshot snapshot, ClaimSet own, string authorizationId)
    {
        lock (_lock)
        {
            foreach (var set in snapshot.Sets)
            {
                if (set.Contains(authorizationId))
                {
                    return true;
                }
            }

            return own.Contains(authorizationId);
        }
    }

    /// <summary>
    /// Whether a presentment matched again after <paramref name="snapshot"/> was taken claimed
    /// <paramref name="authorizationId"/>: those come from earlier batches, so they win over the batch checked.
    /// </summary>
    public bool IsClaimedSince(ClaimSnapshot snapshot, string authorizationId)
    {
        lock (_lock)
        {
            foreach (var set in _live)
            {
                if (set.MatchedAgain && set.Sequence > snapshot.Sequence && set.Contains(authorizationId))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void Add(ClaimSet set, string authorizationId)
    {
        lock (_lock)
        {
            set.Add(authorizationId);
        }
    }

    public void Remove(ClaimSet set, string authorizationId)
    {
        lock (_lock)
        {
            set.Remove(authorizationId);
        }
    }
}

/// <summary>The authorization ids one batch (or one round of set-aside presentments) releases.</summary>
internal sealed class ClaimSet(long sequence, bool matchedAgain) : HashSet<string>(StringComparer.Ordinal)
{
    public long Sequence { get; } = sequence;

    public bool MatchedAgain { get; } = matchedAgain;
}

/// <summary>The claim sets live when a matching statement started, and the sequence of the last one opened then.</summary>
internal sealed record ClaimSnapshot(long Sequence, ClaimSet[] Sets);
