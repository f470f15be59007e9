using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;

namespace Pool.Authorization.Engine.Processing;

/// <summary>A decided request waiting for its record to be committed before its answer goes out.</summary>
internal struct JournalEntry
{
    public JournalRecord Record;
    public AuthorizationOutcome Outcome;
    public IDecisionCompletion? Completion;
    public long Correlation;
    public long SubmittedTimestamp;
}
