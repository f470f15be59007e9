using System.Globalization;
using System.Text;

namespace Pool.Benchmarks.Load;

/// <summary>
/// A latency-over-time chart as SVG, written by hand (no package): one line per percentile (p50, p90,
/// p99, p99.9, max) over the seconds of the run, on a logarithmic millisecond axis so a 0.3 ms median
/// and a 200 ms stall are both readable.
/// </summary>
internal static class LatencySvg
{
    private const int Width = 900;
    private const int Height = 420;
    private const int Left = 70;
    private const int Right = 130;
    private const int Top = 40;
    private const int Bottom = 50;

    private static readonly (string Name, string Colour, Func<LatencyPoint, long> Value)[] Series =
    [
        ("p50", "#1f77b4", p => p.P50),
        ("p90", "#2ca02c", p => p.P90),
        ("p99", "#ff7f0e", p => p.P99),
        ("p99.9", "#d62728", p => p.P999),
        ("max", "#7f7f7f", p => p.Max),
    ];

    public static string Render(string title, IReadOnlyList<LatencyPoint> points)
    {
        var answered = points.Where(p => p.Answers > 0).ToList();
        var lowest = answered.Count == 0 ? 100 : Math.Max(10, answered.Min(p => p.P50));
        var highest = answered.Count == 0 ? 1000 : Math.Max(lowest * 10, answered.Max(p => p.Max));
        // Decades of milliseconds around the data: 10^k µs gridlines.
        var low = Math.Floor(Math.Log10(lowest));
        var high = Math.Ceiling(Math.Log10(highest));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var seconds = Math.Max(1, points.Count);
        double X(double second) => Left + (second * plotWidth / seconds);
        double Y(long microseconds) => Top + plotHeight - ((Math.Log10(Math.Max(microseconds, 1)) - low) * plotHeight / (high - low));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"22\" font-size=\"14\">{Escape(title)}</text>\n");
        for (var decade = low; decade <= high; decade++)
        {
            var y = Y((long)Math.Pow(10, decade));
            var label = decade >= 3 ? $"{Math.Pow(10, decade - 3):0.###} ms" : $"{Math.Pow(10, decade - 3):0.###} ms";
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{label}</text>\n");
        }

        var step = Math.Max(1, seconds / 10);
        for (var s = 0; s <= seconds; s += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(s):F1}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{s}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">second of the measured run (by scheduled send time)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>\n");
        for (var i = 0; i < Series.Length; i++)
        {
            var (name, colour, value) = Series[i];
            var line = string.Join(" ", answered.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Second + 0.5):F1},{Y(value(p)):F1}")));
            if (line.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{line}\"/>\n");
            }

            var legendY = Top + 10 + (i * 18);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right + 12}\" y1=\"{legendY}\" x2=\"{Width - Right + 32}\" y2=\"{legendY}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 38}\" y=\"{legendY + 4}\">{name}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
