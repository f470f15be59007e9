namespace Pool.Modules.Clearing.Api;

/// <summary>The card of an exception, masked (admin-api.md §1): BIN and last four, empty when the account number was not a PAN.</summary>
internal sealed record ExceptionCardResponse(string Bin, string Last4);
