using Pool.Modules.Clearing.Contracts;

namespace Pool.Modules.Clearing.Format;

/// <summary>What reading a file ended with: the whole file checked (header, trailer, totals), stopped by the sink after the header, or rejected.</summary>
internal sealed record ClearingReadResult(FileHeader? Header, FileTrailer? Trailer, long RecordsRead, ClearingRejection? Rejection, bool Stopped)
{
    public bool IsComplete => Rejection is null && !Stopped && Trailer is not null;
}
