using System.Diagnostics.Metrics;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger;

/// <summary>The <c>Pool.Ledger</c> meter: transfers created and refused, and how long batches take.</summary>
internal sealed class LedgerMetrics
{
    public const string MeterName = "Pool.Ledger";

    private readonly Counter<long> _created;
    private readonly Counter<long> _refused;
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<long> _batchSize;

    public LedgerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _created = meter.CreateCounter<long>("pool.ledger.transfers.created", "{transfer}", "Transfers created, by code and kind.");
        _refused = meter.CreateCounter<long>("pool.ledger.transfers.refused", "{transfer}", "Transfer requests refused or answered as existing, by result.");
        _batchDuration = meter.CreateHistogram<double>("pool.ledger.batch.duration", "s", "Time to decide and write one transfer batch, without the caller's commit.");
        _batchSize = meter.CreateHistogram<long>("pool.ledger.batch.size", "{transfer}", "Transfer requests per batch.");
    }

    public void Created(TransferCode code, TransferKind kind, long count) =>
        _created.Add(count, new KeyValuePair<string, object?>("code", code.ToString()), new KeyValuePair<string, object?>("kind", kind.ToString()));

    public void NotCreated(TransferResultCode result, long count) =>
        _refused.Add(count, new KeyValuePair<string, object?>("result", result.ToString()));

    public void Batch(int requests, TimeSpan elapsed)
    {
        _batchSize.Record(requests);
        _batchDuration.Record(elapsed.TotalSeconds);
    }
}
