using System.Globalization;

namespace Pool.Benchmarks.Load;

/// <summary>
/// The request mix as a table of 100 slots (weights are percentages of the total, rounded), walked in
/// a fixed shuffled order so every run offers the same sequence and no kind comes in long runs.
/// </summary>
internal sealed class LoadMix
{
    public const string Default = "purchase=70,decline=10,reversal=5,advice=5,inquiry=5,fx=5";
    private const int SlotCount = 100;
    private readonly LoadRequestKind[] _slots;

    private LoadMix(LoadRequestKind[] slots, IReadOnlyDictionary<LoadRequestKind, int> weights)
    {
        _slots = slots;
        Weights = weights;
    }

    public IReadOnlyDictionary<LoadRequestKind, int> Weights { get; }

    /// <summary>The kind of the <paramref name="index"/>th request.</summary>
    public LoadRequestKind KindAt(long index) => _slots[(int)(index % SlotCount)];

    /// <summary>Parses <c>purchase=70,decline=10,…</c>; names: purchase, decline, reversal, advice, inquiry, fx.</summary>
    public static LoadMix Parse(string text)
    {
        var weights = new Dictionary<LoadRequestKind, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                throw new ArgumentException($"--mix: '{part}' is not name=weight.");
            }

            weights[pair[0] switch
            {
                "purchase" => LoadRequestKind.Purchase,
                "decline" => LoadRequestKind.Decline,
                "reversal" => LoadRequestKind.Reversal,
                "advice" => LoadRequestKind.Advice,
                "inquiry" => LoadRequestKind.Inquiry,
                "fx" => LoadRequestKind.Foreign,
                _ => throw new ArgumentException($"--mix: unknown kind '{pair[0]}' (purchase, decline, reversal, advice, inquiry, fx)."),
            }] = weight;
        }

        var total = weights.Values.Sum();
        if (total <= 0)
        {
            throw new ArgumentException("--mix: the weights add up to nothing.");
        }

        var slots = new List<LoadRequestKind>(SlotCount);
        foreach (var (kind, weight) in weights.OrderBy(w => w.Key))
        {
            var count = (int)Math.Round(weight * (double)SlotCount / total);
            for (var i = 0; i < count && slots.Count < SlotCount; i++)
            {
                slots.Add(kind);
            }
        }

        while (slots.Count < SlotCount)
        {
            slots.Add(weights.MaxBy(w => w.Value).Key);
        }

        var shuffled = slots.ToArray();
        new Random(8583).Shuffle(shuffled);
        return new LoadMix(shuffled, weights);
    }
}
