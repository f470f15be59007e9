namespace Pool.Authorization.Engine.Processing;

internal enum PartitionCommandKind : byte
{
    Request = 1,
    Account = 2,

    /// <summary>Wakes an idle worker so it sees an undo request.</summary>
    Wake = 3,
}
