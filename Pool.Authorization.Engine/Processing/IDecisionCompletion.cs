using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// Receives the answer to a submitted request once it may be sent: after its journal record is durable,
/// or at once when it is answered 91 (queue full, commit failed, engine deposed). Called exactly once per
/// submission, from the journal loop or a partition worker: keep it short and non-blocking (the link
/// writes the answer into the connection's pipe here).
/// </summary>
public interface IDecisionCompletion
{
    /// <param name="correlation">The caller's own number for the request (e.g. connection slot and request id), passed back unchanged.</param>
    /// <param name="outcome">The answer.</param>
    void OnAnswered(long correlation, in AuthorizationOutcome outcome);
}
