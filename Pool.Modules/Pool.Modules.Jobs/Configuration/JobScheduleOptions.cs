namespace Pool.Modules.Jobs.Configuration;

/// <summary><c>Jobs:Schedules:&lt;name&gt;</c>: overrides of one job's declared schedule; unset keeps the declaration.</summary>
internal sealed class JobScheduleOptions
{
    /// <summary>Five-field cron expression.</summary>
    public string? Cron { get; set; }

    /// <summary>IANA time zone id, e.g. <c>Asia/Tokyo</c>.</summary>
    public string? TimeZone { get; set; }

    /// <summary>False stops the schedule; the job can still be run by hand.</summary>
    public bool? Enabled { get; set; }
}
