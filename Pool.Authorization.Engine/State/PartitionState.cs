using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.State;

/// <summary>The tables one partition owns outright: its open holds and its recent answers.</summary>
internal sealed class PartitionState
{
    public PartitionState(int holdsMax, int recentAnswersMax)
    {
        HoldsMax = holdsMax;
        // Pre-sized: Dictionary only grows when Count exceeds its capacity, and Count never exceeds HoldsMax.
        Holds = new Dictionary<TransactionKey, HoldState>(holdsMax);
        RecentAnswers = new RecentAnswerTable(recentAnswersMax);
    }

    public int HoldsMax { get; }

    public Dictionary<TransactionKey, HoldState> Holds { get; }

    public RecentAnswerTable RecentAnswers { get; }
}
