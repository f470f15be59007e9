using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>The <c>Pool.Ledger</c> meter counts transfers by code and results, and times batches.</summary>
[TestFixture]
public sealed class LedgerMetricsTests : LedgerFixture
{
    [Test]
    public async Task Transfers_AreCountedByCode_AndRefusalsByResult()
    {
        var measurements = new ConcurrentQueue<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Pool.Ledger")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, (long)Math.Ceiling(value), "")));
        listener.Start();
        var (_, account) = await NewCardholderAsync();

        await CreateBatchAsync(
        [
            TransferRequest.Single(Key("deposit"), SystemAccounts.BankCash, account, 100, TransferCode.Deposit),
            TransferRequest.Single(Key("withdrawal"), account, SystemAccounts.BankCash, 500, TransferCode.Withdrawal),
        ]);

        Assert.That(measurements, Has.Some.EqualTo(("pool.ledger.transfers.created", 1L, "code=Deposit,kind=Single")));
        Assert.That(measurements, Has.Some.EqualTo(("pool.ledger.transfers.refused", 1L, "result=ExceedsCredits")));
        Assert.That(measurements.Select(m => m.Instrument), Has.Some.EqualTo("pool.ledger.batch.duration").And.Some.EqualTo("pool.ledger.batch.size"));
    }
}
