using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Jobs;

/// <summary>Bad jobs configuration stops the host, and the message names the key to fix.</summary>
[TestFixture]
public sealed class JobsConfigurationTests
{
    private string _connectionString = "";

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _connectionString = await TestDatabase.CreateAsync("jobs-config");

    [TestCase("Jobs:Schedules:configured:Cron", "61 * * * *", "Jobs:Schedules:configured:Cron", TestName = "Host_WithAnInvalidCron_DoesNotStart_AndNamesTheKey")]
    [TestCase("Jobs:Schedules:configured:Cron", "0 0 * * * *", "Jobs:Schedules:configured:Cron", TestName = "Host_WithASixFieldCron_DoesNotStart_AndNamesTheKey")]
    [TestCase("Jobs:Schedules:configured:TimeZone", "Mars/Olympus_Mons", "Jobs:Schedules:configured:TimeZone", TestName = "Host_WithAnUnknownTimeZone_DoesNotStart_AndNamesTheKey")]
    [TestCase("Jobs:Schedules:no-such-job:Cron", "0 0 * * *", "Jobs:Schedules:no-such-job", TestName = "Host_WithAScheduleForNoJob_DoesNotStart_AndNamesTheKey")]
    [TestCase("Jobs:Retry:MaxAttempts", "0", "Jobs:Retry:MaxAttempts", TestName = "Host_WithZeroAttempts_DoesNotStart_AndNamesTheKey")]
    [TestCase("Jobs:Alerts:WebhookUrl", "not a url", "Jobs:Alerts:WebhookUrl", TestName = "Host_WithARelativeWebhook_DoesNotStart_AndNamesTheKey")]
    public void Host_WithBadJobsConfiguration_DoesNotStart(string key, string value, string named)
    {
        var failure = Assert.CatchAsync<OptionsValidationException>(async () =>
        {
            await using var host = await TestHost.StartAsync(
                _connectionString,
                new Dictionary<string, string?> { [key] = value },
                additionalModules: [new JobsTestModule(new FakeTimeProvider(), new RecordingJob("configured"))]);
        });

        Assert.That(failure!.Message, Does.Contain(named));
    }
}
