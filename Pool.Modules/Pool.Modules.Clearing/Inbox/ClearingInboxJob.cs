using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;

namespace Pool.Modules.Clearing.Inbox;

/// <summary><c>clearing-inbox</c> (admin-api.md §3): imports the files that arrived in <c>Clearing:Inbox:Path</c>.</summary>
internal static class ClearingInboxJob
{
    public const string Name = "clearing-inbox";

    // Every 5 minutes: a file is imported at most 5 minutes after it settles.
    public static JobDefinition Definition { get; } = new(
        Name,
        "*/5 * * * *",
        BusinessCalendar.TimeZoneId,
        "Imports every clearing file in the inbox folder, then moves it to done/ or rejected/ beside its report.",
        (context, cancellationToken) => context.Services.GetRequiredService<ClearingInbox>().RunAsync(context.Progress, cancellationToken))
    {
        // Its imports post through the engine's ordered path.
        RunsOnActiveEngine = true,
    };
}
