namespace Pool.Modules.Clearing.Format;

/// <summary>Receives the records of a file as the reader validates them, in file order, synchronously.</summary>
internal interface IClearingRecordSink
{
    /// <summary>The header was read; returning false stops reading (e.g. the file id was imported already).</summary>
    bool OnHeader(FileHeader header);

    /// <summary>A valid detail. The file may still be rejected later (a later record, the trailer).</summary>
    void OnDetail(in DetailRecord detail);
}
