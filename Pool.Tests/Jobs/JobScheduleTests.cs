using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Configuration;
using Pool.Modules.Jobs.Scheduling;

namespace Pool.Tests.Jobs;

/// <summary>When a schedule fires: cron fields read in the job's time zone, across month ends, and which missed tick is due.</summary>
[TestFixture]
public sealed class JobScheduleTests
{
    // 00:30 in Tokyo (UTC+9, no daylight saving) is 15:30 UTC the day before.
    [TestCase("30 0 * * *", "Asia/Tokyo", "2026-01-30T00:00:00Z", "2026-01-30T15:30:00Z")]
    [TestCase("30 0 * * *", "UTC", "2026-01-30T00:00:00Z", "2026-01-30T00:30:00Z")]
    // Just after the Tokyo tick the next one is a day later, also across the month end.
    [TestCase("30 0 * * *", "Asia/Tokyo", "2026-01-31T15:30:00Z", "2026-02-01T15:30:00Z")]
    // Monthly credit at 03:00 on the 1st in Tokyo is 18:00 UTC on the last day of the month before.
    [TestCase("0 3 1 * *", "Asia/Tokyo", "2026-01-15T00:00:00Z", "2026-01-31T18:00:00Z")]
    [TestCase("0 3 1 * *", "UTC", "2026-01-15T00:00:00Z", "2026-02-01T03:00:00Z")]
    // The same, from the end of February (a 28-day month) into March.
    [TestCase("0 3 1 * *", "Asia/Tokyo", "2026-02-28T18:00:00Z", "2026-03-31T18:00:00Z")]
    // "L" is the last day of the month: 28 February in 2026, 29 February in the leap year 2028.
    [TestCase("0 0 L * *", "UTC", "2026-02-15T00:00:00Z", "2026-02-28T00:00:00Z")]
    [TestCase("0 0 L * *", "UTC", "2028-02-15T00:00:00Z", "2028-02-29T00:00:00Z")]
    // A day-of-month that some months lack skips them: after 31 January comes 31 March.
    [TestCase("0 9 31 * *", "UTC", "2026-01-31T10:00:00Z", "2026-03-31T09:00:00Z")]
    // Across the year end in Tokyo: 1 January 00:30 JST is 31 December 15:30 UTC.
    [TestCase("30 0 1 1 *", "Asia/Tokyo", "2026-06-01T00:00:00Z", "2026-12-31T15:30:00Z")]
    public void NextRun_IsTheCronOccurrenceInTheJobsTimeZone_InUtc(string cron, string zone, string after, string expected)
    {
        var schedule = Schedule(cron, zone);

        var next = schedule.NextAfter(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(next, Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(next!.Value.Offset, Is.EqualTo(TimeSpan.Zero), "runs are stored in UTC");
    }

    [Test]
    public void LatestDue_AfterDaysOfDowntime_IsOnlyTheLatestMissedTick()
    {
        var schedule = Schedule("30 0 * * *", "Asia/Tokyo");

        var due = schedule.LatestDue(At("2026-01-01T00:00:00Z"), At("2026-01-10T05:00:00Z"));

        Assert.That(due, Is.EqualTo(At("2026-01-09T15:30:00Z")));
    }

    [Test]
    public void LatestDue_ExactlyAtTheTick_IsThatTick()
    {
        var schedule = Schedule("0 * * * *", "UTC");

        Assert.That(schedule.LatestDue(At("2026-01-01T00:00:00Z"), At("2026-01-01T01:00:00Z")), Is.EqualTo(At("2026-01-01T01:00:00Z")));
    }

    [Test]
    public void LatestDue_WhenTheLastTickWasServed_IsNone()
    {
        var schedule = Schedule("0 * * * *", "UTC");

        Assert.That(schedule.LatestDue(At("2026-01-01T01:00:00Z"), At("2026-01-01T01:59:59Z")), Is.Null);
        Assert.That(schedule.LatestDue(At("2026-01-01T01:00:00Z"), At("2026-01-01T01:00:00Z")), Is.Null);
    }

    [Test]
    public void Schedule_WithoutATimeZone_RunsInTokyo()
    {
        var catalog = Catalog(new JobDefinition("zone-less", "0 0 * * *", "", "", (_, _) => Task.FromResult("")), new JobsOptions());

        Assert.That(catalog.Jobs.Single().TimeZone.Id, Is.EqualTo("Asia/Tokyo"));
    }

    [Test]
    public void Configuration_OverridesTheDeclaredSchedule()
    {
        var options = new JobsOptions();
        options.Schedules["overridden"] = new JobScheduleOptions { Cron = "15 4 * * *", TimeZone = "UTC", Enabled = false };

        var job = Catalog(new JobDefinition("overridden", "0 0 * * *", "Asia/Tokyo", "", (_, _) => Task.FromResult("")), options).Jobs.Single();

        Assert.That((job.CronText, job.TimeZone.Id, job.Enabled), Is.EqualTo(("15 4 * * *", "UTC", false)));
    }

    private static DateTimeOffset At(string value) => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static JobSchedule Schedule(string cron, string zone) =>
        Catalog(new JobDefinition("job", cron, zone, "", (_, _) => Task.FromResult("")), new JobsOptions()).Jobs.Single();

    private static JobCatalog Catalog(JobDefinition definition, JobsOptions options)
    {
        var errors = new List<string>();
        var catalog = JobCatalog.TryCreate([definition], options, errors);
        Assert.That(errors, Is.Empty);
        return catalog!;
    }
}
