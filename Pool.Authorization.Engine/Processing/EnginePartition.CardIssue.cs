using System.Diagnostics;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

public sealed partial class EnginePartition
{
    /// <summary>
    /// Adds a card issued after the load, on its account's partition, so it joins between two decisions
    /// of that account and its first authorization is decided like any other. The account is already in
    /// the table (<see cref="AuthorizationEngine.IssueCardAsync"/> adds a new one before queueing).
    /// </summary>
    internal CardIssueResult IssueCard(in AccountCommand command)
    {
        Debug.Assert(command.Kind == AccountCommandKind.CardIssue, "only card issues come here");
        var result = _state.TryAddCard(command.CardId, command.CardKey, command.AccountId, command.Status, command.ExpiryYymm, command.Controls, approvalSequence: 0);
        Debug.Assert(
            result != StateAddResult.Added || (_state.TryGetAccountIndexById(command.AccountId, out var accountIndex) && _state.PartitionOfAccount(accountIndex) == Index),
            "a card is added on its account's partition");
        return result switch
        {
            StateAddResult.Added => CardIssueResult.Added,
            StateAddResult.Duplicate => CardIssueResult.AlreadyAdded,
            StateAddResult.TableFull => CardIssueResult.CardTableFull,
            // UnknownAccount cannot happen (accounts are never removed and the caller added it first);
            // it changes nothing either way, so it is answered as a conflict rather than stopping the writer.
            _ => CardIssueResult.Conflict,
        };
    }
}
