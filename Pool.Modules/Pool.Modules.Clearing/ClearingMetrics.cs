using System.Diagnostics.Metrics;
using Pool.Modules.Clearing.Import;

namespace Pool.Modules.Clearing;

/// <summary>
/// Meter <c>Pool.Clearing</c>: clearing details kept as exceptions for the back office, by reason
/// (<c>pool_clearing_exceptions_total</c>, which the ClearingExceptions alert watches).
/// </summary>
internal sealed class ClearingMetrics : IDisposable
{
    public const string MeterName = "Pool.Clearing";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _exceptions;

    public ClearingMetrics()
    {
        _exceptions = _meter.CreateCounter<long>("pool.clearing.exceptions", "{record}", "Clearing details kept as exceptions (not posted), by reason.");
    }

    public void Exceptions(ExceptionReason reason, long count)
    {
        if (count > 0)
        {
            _exceptions.Add(count, new KeyValuePair<string, object?>("reason", ExceptionReasons.Name(reason)));
        }
    }

    public void Dispose() => _meter.Dispose();
}
