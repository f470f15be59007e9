using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Clearing.Format;
using Pool.Modules.Clearing.Import;
using Pool.Modules.Clearing.Persistence;

namespace Pool.Modules.Clearing.Api;

/// <summary>The clearing endpoints under <c>/api</c> (admin-api.md §3): upload a file, list imported files, list exceptions.</summary>
internal static class ClearingApi
{
    private const string Tag = "Clearing";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/clearing/files", ImportAsync)
            .RequireAuthorization(AccessPolicies.Operator)
            .Accepts<string>("text/plain", "application/octet-stream")
            .WithName("ImportClearingFile")
            .WithSummary("Imports a clearing file (the raw file as the body): 201 the report, 409 already imported, 422 rejected, 503 staged but the engine is unavailable")
            .WithTags(Tag);
        api.MapGet("/clearing/files", ListFilesAsync)
            .WithName("ListClearingFiles")
            .WithSummary("Imported clearing files with their reports, newest first, cursor-paged")
            .WithTags(Tag);
        api.MapGet("/clearing/files/{fileId}", GetFileAsync)
            .WithName("GetClearingFile")
            .WithSummary("One imported clearing file and its report")
            .WithTags(Tag);
        api.MapGet("/clearing/exceptions", ListExceptionsAsync)
            .WithName("ListClearingExceptions")
            .WithSummary("Details not posted (unknown card, unknown presentment, refused), newest file first, cursor-paged")
            .WithTags(Tag);
        api.MapGet("/clearing/postings", ListPostingsAsync)
            .WithName("ListClearingPostings")
            .WithSummary("The clearing details posted against one authorization (authorizationId), in file order")
            .WithTags(Tag);
    }

    private static async Task<Results<Ok<ClearingPostingList>, ValidationProblem>> ListPostingsAsync(
        string? authorizationId, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorizationId) || authorizationId.Length > 40)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["authorizationId"] = ["authorizationId is required: an authorization's id, for example auth_42."] },
                type: ProblemTypes.Validation);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await DetailStore.PostingsOfAsync(connection, authorizationId, cancellationToken);
        return TypedResults.Ok(new ClearingPostingList(rows.Select(row => new ClearingPostingResponse(
            row.FileId,
            row.RecordNumber,
            row.TransactionCode.ToString("D2", CultureInfo.InvariantCulture),
            row.Arn,
            row.Amount,
            OutcomeName((DetailOutcome)row.Outcome),
            new DateTimeOffset(DateTime.SpecifyKind(row.PostedAt, DateTimeKind.Utc)))).ToList()));
    }

    private static string OutcomeName(DetailOutcome outcome) => outcome switch
    {
        DetailOutcome.Matched => "matched",
        DetailOutcome.ForcePosted => "force-posted",
        DetailOutcome.Credit => "credit",
        DetailOutcome.Reversal => "reversal",
        _ => "exception",
    };

    private static async Task<Results<Created<ClearingImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, IClearingImports imports, IOptions<ClearingOptions> options, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } contentType
            && !contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                type: ProblemTypes.Validation,
                title: "Unsupported media type.",
                detail: "Send the raw clearing file as text/plain or application/octet-stream.");
        }

        // The body is streamed into the reader, never buffered: lift Kestrel's 30 MB default to the file limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.Value.UploadBytesMax;
        }

        var result = await imports.ImportAsync(request.Body, request.HttpContext.User.KeyName(), null, cancellationToken);
        return result.Outcome switch
        {
            ClearingImportOutcome.Imported => TypedResults.Created($"/api/clearing/files/{Uri.EscapeDataString(result.FileId!)}", result.Report!),
            _ => TypedResults.Problem(ImportProblems.For(result)),
        };
    }

    private static async Task<Results<Ok<Page<ClearingFileResponse>>, ValidationProblem>> ListFilesAsync(
        int? limit, string? cursor, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(limit, cursor, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        long? beforeSeq = null;
        if (page.Cursor is not null)
        {
            if (!long.TryParse(page.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return BadCursor();
            }

            beforeSeq = parsed;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await FileStore.PageAsync(connection, beforeSeq, page.Limit + 1, cancellationToken);
        var items = rows.Take(page.Limit).Select(ToResponse).ToList();
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Seq.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<ClearingFileResponse>(items, next));
    }

    private static async Task<Results<Ok<ClearingFileResponse>, ProblemHttpResult>> GetFileAsync(
        string fileId, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (fileId.Length > ClearingFields.FileId.Length || await FileStore.FindAsync(connection, fileId, cancellationToken) is not { } row)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                type: ProblemTypes.NotFound,
                title: "Unknown clearing file.",
                detail: $"No clearing file {fileId} was imported.");
        }

        return TypedResults.Ok(ToResponse(row));
    }

    private static async Task<Results<Ok<Page<ClearingExceptionResponse>>, ValidationProblem>> ListExceptionsAsync(
        int? limit, string? cursor, string? fileId, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(limit, cursor, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        // The cursor is "<file seq>.<record number>" of the last item of the previous page.
        long? beforeSeq = null;
        var afterRecord = 0;
        if (page.Cursor is not null)
        {
            var parts = page.Cursor.Split('.');
            if (parts.Length != 2
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out afterRecord))
            {
                return BadCursor();
            }

            beforeSeq = seq;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await DetailStore.PageExceptionsAsync(connection, string.IsNullOrEmpty(fileId) ? null : fileId, beforeSeq, afterRecord, page.Limit + 1, cancellationToken);
        var items = rows.Take(page.Limit).Select(row => new ClearingExceptionResponse(
            row.FileId,
            row.RecordNumber,
            ExceptionReasons.Name((ExceptionReason)row.ExceptionReason),
            row.TransactionCode.ToString("D2", CultureInfo.InvariantCulture),
            row.Arn,
            new ExceptionCardResponse(row.Bin, row.Last4),
            row.Amount,
            new DateTimeOffset(DateTime.SpecifyKind(row.PostedAt, DateTimeKind.Utc)))).ToList();
        var next = rows.Count > page.Limit
            ? string.Create(CultureInfo.InvariantCulture, $"{rows[page.Limit - 1].FileSeq}.{rows[page.Limit - 1].RecordNumber}")
            : null;
        return TypedResults.Ok(new Page<ClearingExceptionResponse>(items, next));
    }

    private static ClearingFileResponse ToResponse(FileRow row) =>
        new(row.FileId, FileStore.StateOf(row) == ImportState.Done ? "done" : "staged", ClearingReports.Stored(row));

    private static ValidationProblem BadCursor() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not one this API issued."] }, type: ProblemTypes.Validation);
}
