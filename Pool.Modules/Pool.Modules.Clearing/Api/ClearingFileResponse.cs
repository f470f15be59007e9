using Pool.Modules.Clearing.Contracts;

namespace Pool.Modules.Clearing.Api;

/// <summary>An imported file: its id, <c>staged</c> (posting not finished) or <c>done</c>, and its report once done.</summary>
internal sealed record ClearingFileResponse(string FileId, string State, ClearingImportReport? Report);
