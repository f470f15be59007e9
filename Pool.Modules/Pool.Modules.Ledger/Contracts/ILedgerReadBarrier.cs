namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// Read-your-writes for the ledger's GET endpoints when another module writes the ledger asynchronously
/// (the authorization journal's projector, docs/decisions/0004-journal-projection.md): waits, bounded,
/// until every change committed before the call is visible in the ledger tables. Optional: without one
/// registered, the endpoints read at once.
/// </summary>
public interface ILedgerReadBarrier
{
    Task WaitAsync(CancellationToken cancellationToken);
}
