namespace Pool.Authorization.Engine.Processing;

/// <summary>Completion of <see cref="AuthorizationEngine.IssueCardAsync"/>: a task the caller awaits.</summary>
internal sealed class CardIssueCompletion
{
    private readonly TaskCompletionSource<CardIssueResult> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<CardIssueResult> Task => _source.Task;

    public void Complete(CardIssueResult result) => _source.TrySetResult(result);
}
