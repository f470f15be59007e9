using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Infra;

/// <summary>
/// The cloud schedules every job the host declares: infra/terraform/jobs.yaml (EventBridge schedules and
/// one state machine per job, with the in-process scheduler off in ECS) names each job of a started
/// host's <c>GET /api/jobs</c>. That jobs.yaml names exactly the jobs of admin-api.md §3 is
/// infra/checks/jobs_map.py's part (infra/check.sh).
/// </summary>
[TestFixture]
public sealed partial class JobsMapTests
{
    [Test]
    public async Task EveryJobTheHostDeclares_IsScheduledInTheTerraformJobsMap()
    {
        var mapped = ReadJobsMap();
        await using var host = await TestHost.StartAsync(await TestDatabase.CreateAsync(nameof(JobsMapTests)));
        var list = await host.Viewer().GetFromJsonAsync<JsonElement>("/api/jobs");
        var declared = list.GetProperty("items").EnumerateArray().Select(job => job.GetProperty("name").GetString()!).ToList();

        Assert.That(declared, Is.Not.Empty, "the host declares jobs (ledger-check at least)");
        Assert.That(mapped, Is.SupersetOf(declared), "a job the host declares has no schedule in infra/terraform/jobs.yaml");
    }

    [Test]
    public void JobsMapReader_ReadsEachTopLevelJobOnce()
    {
        // The guard above must be able to fail: the reader sees the six names, not the fields under them.
        var mapped = ReadJobsMap();

        Assert.That(mapped, Has.Count.EqualTo(6));
        Assert.That(mapped, Does.Not.Contain("schedule"));
        Assert.That(mapped, Is.Unique);
    }

    /// <summary>The top-level keys of jobs.yaml (its own layout: a job name at column 0, then its fields).</summary>
    private static List<string> ReadJobsMap() =>
        JobLine().Matches(File.ReadAllText(Path.Combine(AlertRulesTests.RepositoryRoot(), "infra", "terraform", "jobs.yaml")))
            .Select(match => match.Groups["name"].Value)
            .ToList();

    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9-]*):\s*$", RegexOptions.Multiline)]
    private static partial Regex JobLine();
}
