namespace Pool.Modules.Clearing.Contracts;

/// <summary>
/// Why a clearing file was rejected (clearing-file.md §5): the 1-based number of the record and the name of
/// the field at fault, as the specification names it (e.g. <c>destination amount</c>), and what is wrong.
/// </summary>
/// <param name="RecordNumber">1-based record number; the header is record 1.</param>
/// <param name="Field">The field, as named in clearing-file.md (<c>record</c> for the record as a whole).</param>
/// <param name="Reason">What is wrong, e.g. <c>not digits</c>. Never contains a PAN.</param>
public sealed record ClearingRejection(int RecordNumber, string Field, string Reason)
{
    /// <summary>E.g. <c>record 3, field "destination amount": not digits</c>.</summary>
    public override string ToString() => $"record {RecordNumber}, field \"{Field}\": {Reason}";
}
