using System.Text;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// A copy of the whole state, for comparing an engine with a replay of its committed journal (tests,
/// diagnostics). Not for the hot path.
/// </summary>
public sealed class EngineStateSnapshot
{
    public Dictionary<long, (long PostedMinor, long HeldMinor)> Accounts { get; } = [];

    public Dictionary<long, (CardStatus Status, CardControls Controls, CardVelocity Velocity, uint ApprovalSequence)> Cards { get; } = [];

    public Dictionary<TransactionKey, HoldState> Holds { get; } = [];

    public Dictionary<AnswerKey, RecentAnswer> RecentAnswers { get; } = [];

    /// <summary>Empty when equal, otherwise the first differences in words.</summary>
    public string DifferencesFrom(EngineStateSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var text = new StringBuilder();
        Compare(Accounts, other.Accounts, "account", text);
        Compare(Cards, other.Cards, "card", text);
        Compare(Holds, other.Holds, "hold", text);
        Compare(RecentAnswers, other.RecentAnswers, "answer", text);
        return text.ToString();
    }

    private static void Compare<TKey, TValue>(Dictionary<TKey, TValue> mine, Dictionary<TKey, TValue> theirs, string what, StringBuilder text)
        where TKey : notnull
    {
        foreach (var (key, value) in mine)
        {
            if (!theirs.TryGetValue(key, out var other))
            {
                text.AppendLine($"{what} {key}: {value} vs absent");
            }
            else if (!EqualityComparer<TValue>.Default.Equals(value, other))
            {
                text.AppendLine($"{what} {key}: {value} vs {other}");
            }
        }

        foreach (var (key, value) in theirs)
        {
            if (!mine.ContainsKey(key))
            {
                text.AppendLine($"{what} {key}: absent vs {value}");
            }
        }
    }
}
