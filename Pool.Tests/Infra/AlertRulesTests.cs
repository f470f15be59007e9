using System.Net.Sockets;
using System.Text.RegularExpressions;
using Pool.Modules.Abstractions;
using Pool.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Pool.Tests.Infra;

/// <summary>
/// The alerts are true to the host: every Prometheus rule (infra/prometheus/rules.yml) and dashboard
/// query (infra/grafana/pool.json) names only metrics the host exports on /metrics (or metrics listed,
/// with their origin, in infra/prometheus/metrics-pending.txt), every alert has an urgency and a runbook
/// that exists, and the Prometheus alerts are the Datadog monitors (infra/monitors). The slower checks
/// that need installed tools run in infra/check.sh.
/// </summary>
[TestFixture]
public sealed partial class AlertRulesTests
{
    private static readonly string[] HistogramSeriesSuffixes = ["_bucket", "_sum", "_count"];

    private static string Root => RepositoryRoot();

    private static string RulesPath => Path.Combine(Root, "infra", "prometheus", "rules.yml");

    [Test]
    public void EveryAlert_HasAnUrgencyAndARunbookThatExists()
    {
        var alerts = ReadAlerts();

        Assert.That(alerts, Is.Not.Empty);
        foreach (var alert in alerts)
        {
            Assert.That(alert.Urgency, Is.EqualTo("high").Or.EqualTo("low"), $"{alert.Name}: urgency");
            var runbook = RunbookFile(alert.RunbookUrl);
            Assert.That(runbook, Is.Not.Null, $"{alert.Name}: runbook_url '{alert.RunbookUrl}' does not point into docs/runbooks/");
            Assert.That(File.Exists(Path.Combine(Root, runbook!)), Is.True, $"{alert.Name}: {runbook} does not exist");
        }
    }

    [Test]
    public void RunbookCheck_FailsForALinkToAMissingPage()
    {
        // The guard above must be able to fail: a link to a page nobody wrote.
        var runbook = RunbookFile("docs/runbooks/nobody-wrote-this.md");

        Assert.That(runbook, Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(Root, runbook!)), Is.False);
    }

    [Test]
    public void PrometheusAlerts_AreTheDatadogMonitors()
    {
        var prometheus = ReadAlerts().Select(a => a.Name).ToHashSet();
        var datadog = Directory.GetFiles(Path.Combine(Root, "infra", "monitors"), "*.yaml")
            .Select(file => AlertLine().Match(File.ReadAllText(file)).Groups["name"].Value)
            .ToHashSet();

        Assert.That(datadog, Is.EquivalentTo(prometheus));
    }

    [Test]
    public async Task EveryMetricARuleOrTheDashboardNames_IsExportedByTheHost_OrListedAsPending()
    {
        var named = MetricsNamedIn(File.ReadAllText(RulesPath))
            .Concat(MetricsNamedIn(File.ReadAllText(Path.Combine(Root, "infra", "grafana", "pool.json"))))
            .ToHashSet();
        var pending = ReadPending();

        await using var host = await TestHost.StartAsync(await TestDatabase.CreateAsync(nameof(AlertRulesTests)));
        await DriveTrafficAsync(host);
        var exported = ExportedSeries(await host.Client(null).GetStringAsync("/metrics"));

        Assert.Multiple(() =>
        {
            Assert.That(named, Is.Not.Empty);
            foreach (var name in named.Order())
            {
                var family = Family(name);
                var isExported = exported.Contains(name) || exported.Contains(family);
                Assert.That(isExported || pending.Contains(family), Is.True,
                    $"{name} is named by an alert rule or the dashboard, but the host does not export it and metrics-pending.txt does not list it");
            }

            foreach (var family in pending.Order())
            {
                Assert.That(exported.Contains(family), Is.False, $"{family} is exported now: remove it from metrics-pending.txt");
            }
        });
    }

    /// <summary>Instruments appear on /metrics only once recorded: touch the API, and the link when one listens.</summary>
    private static async Task DriveTrafficAsync(TestHost host)
    {
        using (await host.Client(null).GetAsync("/health/ready"))
        {
        }

        using (await host.Viewer().GetAsync("/api/audit"))
        {
        }

        foreach (var link in host.Services.GetServices<TcpEndpoint>().Where(endpoint => endpoint.Bound is not null))
        {
            using var client = new TcpClient();
            await client.ConnectAsync(link.Bound!);
            var stream = client.GetStream();
            await stream.WriteAsync(Convert.FromHexString(EchoRequestFrameHex));
            var answer = new byte[2];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await stream.ReadExactlyAsync(answer, timeout.Token);
        }
    }

    // link-messages.md, "0800 echo test".
    private const string EchoRequestFrameHex = "0027303830308220000000000000040000000000000031313234313230363030303030393030333031";

    private static IEnumerable<string> MetricsNamedIn(string text) =>
        MetricName().Matches(CommentLine().Replace(text, "")).Select(match => match.Value);

    private static string Family(string series)
    {
        foreach (var suffix in HistogramSeriesSuffixes)
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal))
            {
                return series[..^suffix.Length];
            }
        }

        return series;
    }

    private static HashSet<string> ExportedSeries(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                names.Add(line.Split(' ')[2]);
            }
            else if (!line.StartsWith('#'))
            {
                var end = line.IndexOfAny(['{', ' ']);
                names.Add(end < 0 ? line : line[..end]);
            }
        }

        return names;
    }

    private static HashSet<string> ReadPending() =>
        File.ReadAllLines(Path.Combine(Root, "infra", "prometheus", "metrics-pending.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2)[0])
            .ToHashSet(StringComparer.Ordinal);

    private sealed record Alert(string Name, string? Urgency, string? RunbookUrl);

    /// <summary>Reads each `- alert:` block of the rules file (the file's own layout; no YAML library needed).</summary>
    private static List<Alert> ReadAlerts()
    {
        var alerts = new List<Alert>();
        var blocks = RuleStart().Split(File.ReadAllText(RulesPath));
        foreach (var block in blocks)
        {
            var name = AlertLine().Match(block);
            if (!name.Success)
            {
                continue;
            }

            var urgency = Field("urgency").Match(block);
            var runbook = Field("runbook_url").Match(block);
            alerts.Add(new Alert(
                name.Groups["name"].Value,
                urgency.Success ? urgency.Groups["value"].Value : null,
                runbook.Success ? runbook.Groups["value"].Value : null));
        }

        return alerts;
    }

    private static Regex Field(string key) => new($@"^\s*{key}:\s*""?(?<value>[^""\s]+)""?\s*$", RegexOptions.Multiline);

    /// <summary>
    /// The runbook page an alert links: the rules carry the page's path in the repository (the repository's
    /// address is an operator's value; the Datadog monitors get the full link from Terraform), and a
    /// full <c>/blob/main/</c> link is read the same way.
    /// </summary>
    private static string? RunbookFile(string? url)
    {
        const string marker = "/blob/main/";
        var at = url?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        var path = at < 0 ? url : url![(at + marker.Length)..];
        return path is not null && path.StartsWith("docs/runbooks/", StringComparison.Ordinal) ? path : null;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pool.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Pool.sln not found above the test directory.");
    }

    [GeneratedRegex(@"\bpool_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^\s*#.*$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"(?=^\s*- (?:alert|record):)", RegexOptions.Multiline)]
    private static partial Regex RuleStart();

    [GeneratedRegex(@"^\s*-?\s*alert:\s*(?<name>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertLine();
}
