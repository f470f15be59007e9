using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.Processing;

/// <summary>One item of a partition's queue: a struct, so queueing a request allocates nothing.</summary>
internal struct PartitionCommand
{
    public PartitionCommandKind Kind;
    public AuthorizationRequest Request;
    public AccountCommand Command;
    public IDecisionCompletion? Completion;

    /// <summary>Set instead of <see cref="Completion"/> for <see cref="AccountCommandKind.CardIssue"/>.</summary>
    public CardIssueCompletion? IssueCompletion;
    public long Correlation;

    /// <summary>The balance watch of a <see cref="PartitionCommandKind.BeginBalanceWatch"/> or <see cref="PartitionCommandKind.EndBalanceWatch"/>.</summary>
    public PartitionBalanceSnapshot? Watch;

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> at submission, for the latency histogram.</summary>
    public long SubmittedTimestamp;
}
