namespace Pool.Authorization.Engine.Processing;

/// <summary>What became of a submission. Anything but <see cref="Accepted"/> has already been answered 91 through the completion.</summary>
public enum SubmitResult
{
    /// <summary>Queued on its partition; the completion is called once the answer may be sent.</summary>
    Accepted = 0,

    /// <summary>The partition's queue was full (<see cref="EngineOptions.PartitionQueueMax"/>): answered 91.</summary>
    QueueFull = 1,

    /// <summary>The engine was deposed (epoch rejected) or stopped: answered 91.</summary>
    NotAccepting = 2,
}
