using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pool.Modules.Access.ApiKeys;

/// <summary>Runs <see cref="AdminOptions.Validate"/> at start, so a bad key list stops the host with a message naming the entry.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var failures = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "invalid").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
