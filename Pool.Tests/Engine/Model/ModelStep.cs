namespace Pool.Tests.Engine.Model;

/// <summary>One step of a run: operations submitted together (decided before any of them commits), a clock move, or a restart.</summary>
internal sealed record ModelStep(IReadOnlyList<ModelOperation> Operations, JournalFailpoint Failpoint, TimeSpan ClockAdvance, bool Restart)
{
    public override string ToString() =>
        Restart ? "restart"
        : ClockAdvance > TimeSpan.Zero ? $"advance clock {ClockAdvance}"
        : $"[{Failpoint}] " + string.Join("; ", Operations);
}
