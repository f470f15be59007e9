using Pool.Modules.Clearing.Format;

namespace Pool.Tests.Clearing;

/// <summary>Keeps what the reader hands over.</summary>
internal sealed class CollectingSink(bool continueAfterHeader = true) : IClearingRecordSink
{
    public FileHeader? Header { get; private set; }

    public List<DetailRecord> Details { get; } = [];

    public bool OnHeader(FileHeader header)
    {
        Header = header;
        return continueAfterHeader;
    }

    public void OnDetail(in DetailRecord detail) => Details.Add(detail);
}
