using Cronos;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Configuration;

namespace Pool.Modules.Jobs.Scheduling;

/// <summary>
/// Every job the modules declare, with its effective schedule. Built once at start; the same code
/// validates the configuration (JobsOptionsValidator), so a bad cron or zone stops the host with a
/// message that names the key.
/// </summary>
internal sealed class JobCatalog
{
    /// <summary>The zone a job runs in when its declaration names none (ARCHITECTURE.md: Pool is a Japanese issuer).</summary>
    public const string TimeZoneDefault = "Asia/Tokyo";

    private readonly Dictionary<string, JobSchedule> _byName;

    private JobCatalog(IReadOnlyList<JobSchedule> jobs)
    {
        Jobs = jobs;
        _byName = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);
    }

    /// <summary>The jobs, ordered by name.</summary>
    public IReadOnlyList<JobSchedule> Jobs { get; }

    public JobSchedule? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The catalog, or throws when the declarations or <c>Jobs:Schedules</c> are invalid.</summary>
    public static JobCatalog Create(IEnumerable<IModule> modules, JobsOptions options)
    {
        var errors = new List<string>();
        var catalog = TryCreate(modules.SelectMany(m => m.Jobs), options, errors);
        return catalog ?? throw new InvalidOperationException(string.Join(" ", errors));
    }

    /// <summary>The catalog, or null with every problem in <paramref name="errors"/>, each naming its configuration key.</summary>
    public static JobCatalog? TryCreate(IEnumerable<JobDefinition> definitions, JobsOptions options, List<string> errors)
    {
        var jobs = new List<JobSchedule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (string.IsNullOrWhiteSpace(definition.Name))
            {
                errors.Add("A module declares a job without a name.");
                continue;
            }

            if (!names.Add(definition.Name))
            {
                errors.Add($"Two jobs are named '{definition.Name}'.");
                continue;
            }

            options.Schedules.TryGetValue(definition.Name, out var overrides);
            var key = $"{JobsOptions.Section}:Schedules:{definition.Name}";
            var cron = ParseCron(overrides?.Cron, definition, key, errors);
            var zone = FindTimeZone(overrides?.TimeZone, definition, key, errors);
            if (cron is not null && zone is not null)
            {
                jobs.Add(new JobSchedule(definition, overrides?.Cron ?? definition.DefaultSchedule, cron, zone, overrides?.Enabled ?? true));
            }
        }

        foreach (var configured in options.Schedules.Keys.Where(k => !names.Contains(k)))
        {
            errors.Add($"{JobsOptions.Section}:Schedules:{configured} names no declared job (declared: {string.Join(", ", names.Order(StringComparer.Ordinal))}).");
        }

        return errors.Count == 0 ? new JobCatalog(jobs.OrderBy(j => j.Name, StringComparer.Ordinal).ToList()) : null;
    }

    private static CronExpression? ParseCron(string? configured, JobDefinition definition, string key, List<string> errors)
    {
        var text = configured ?? definition.DefaultSchedule;
        if (CronExpression.TryParse(text, CronFormat.Standard, out var cron))
        {
            return cron;
        }

        errors.Add(configured is null
            ? $"Job '{definition.Name}' declares schedule '{text}', which is not a five-field cron expression; set {key}:Cron."
            : $"{key}:Cron '{text}' is not a five-field cron expression.");
        return null;
    }

    private static TimeZoneInfo? FindTimeZone(string? configured, JobDefinition definition, string key, List<string> errors)
    {
        var id = configured ?? (string.IsNullOrWhiteSpace(definition.DefaultTimeZone) ? TimeZoneDefault : definition.DefaultTimeZone);
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        errors.Add(configured is null
            ? $"Job '{definition.Name}' declares time zone '{id}', which this machine does not know; set {key}:TimeZone."
            : $"{key}:TimeZone '{id}' is not a time zone this machine knows.");
        return null;
    }
}
