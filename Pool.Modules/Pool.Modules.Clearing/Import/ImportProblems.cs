using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Clearing.Contracts;

namespace Pool.Modules.Clearing.Import;

/// <summary>
/// The problem details of an import that did not end imported: the API answers with them, and the clearing inbox
/// writes them beside a file it moves (one wording for both).
/// </summary>
internal static class ImportProblems
{
    public static ProblemDetails For(ClearingImportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            ClearingImportOutcome.AlreadyImported => Problem(
                StatusCodes.Status409Conflict,
                ProblemTypes.AlreadyImported,
                "The clearing file was already imported.",
                $"File {result.FileId} was imported before; nothing was posted.",
                new Dictionary<string, object?> { ["fileId"] = result.FileId }),
            ClearingImportOutcome.Interrupted => Problem(
                StatusCodes.Status503ServiceUnavailable,
                ProblemTypes.EngineUnavailable,
                "The clearing file is staged but not fully posted.",
                $"The authorization engine could not take every posting of file {result.FileId}; send the same file again to finish it.",
                new Dictionary<string, object?> { ["fileId"] = result.FileId }),
            ClearingImportOutcome.Rejected => Problem(
                StatusCodes.Status422UnprocessableEntity,
                ProblemTypes.FileRejected,
                "The clearing file was rejected; nothing was posted.",
                result.Rejection!.ToString(),
                new Dictionary<string, object?>
                {
                    ["fileId"] = result.FileId,
                    ["recordNumber"] = result.Rejection.RecordNumber,
                    ["field"] = result.Rejection.Field,
                }),
            var other => throw new ArgumentOutOfRangeException(nameof(result), other, "An imported file has a report, not a problem."),
        };
    }

    private static ProblemDetails Problem(int status, string type, string title, string detail, Dictionary<string, object?> extensions)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}
