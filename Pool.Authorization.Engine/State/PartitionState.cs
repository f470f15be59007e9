namespace Pool.Authorization.Engine.State;

/// <summary>The tables one partition owns outright: its open holds and its recent answers.</summary>
internal sealed class PartitionState : IDisposable
{
    public PartitionState(int holdsMax, int recentAnswersMax, bool adviseHugePages)
    {
        Holds = new HoldTable(holdsMax, adviseHugePages);
        RecentAnswers = new RecentAnswerTable(recentAnswersMax, adviseHugePages);
    }

    public int HoldsMax => Holds.HoldsMax;

    public HoldTable Holds { get; }

    public RecentAnswerTable RecentAnswers { get; }

    public void Dispose()
    {
        Holds.Dispose();
        RecentAnswers.Dispose();
    }
}
