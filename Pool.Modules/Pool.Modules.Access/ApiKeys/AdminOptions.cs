using System.ComponentModel.DataAnnotations;

namespace Pool.Modules.Access.ApiKeys;

/// <summary>Section <c>Admin</c> (admin-api.md §2 and §4).</summary>
internal sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";

    /// <summary>Shortest key accepted, in characters: 128 bits of base64 is 22, so anything shorter is guessable.</summary>
    public const int KeyLengthMin = 16;

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public RateLimitOptions RateLimit { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var key = ApiKeys[i];
            var prefix = $"Admin:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                yield return new ValidationResult($"{prefix}:Name is required.", [$"{prefix}:Name"]);
            }
            else if (!names.Add(key.Name))
            {
                yield return new ValidationResult($"{prefix}:Name '{key.Name}' is used twice.", [$"{prefix}:Name"]);
            }

            if (string.IsNullOrEmpty(key.Key) || key.Key.Length < KeyLengthMin)
            {
                yield return new ValidationResult($"{prefix}:Key must be at least {KeyLengthMin} characters.", [$"{prefix}:Key"]);
            }

            if (!Roles.IsKnown(key.Role))
            {
                yield return new ValidationResult($"{prefix}:Role must be viewer, operator or admin.", [$"{prefix}:Role"]);
            }
        }

        foreach (var result in RateLimit.Validate())
        {
            yield return result;
        }
    }
}

/// <summary>One configured API key.</summary>
internal sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    public string Role { get; set; } = "";
}

/// <summary>Admin API rate limit per API key (or per client address before authentication).</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second per key. A back-office person clicks far slower; scripts that page through lists fit.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Burst allowance, in requests.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Requests that may wait for a permit before the answer is 429; 0 answers at once.</summary>
    public int QueueLimit { get; set; }

    public IEnumerable<ValidationResult> Validate()
    {
        if (PermitsPerSecond < 1)
        {
            yield return new ValidationResult("Admin:RateLimit:PermitsPerSecond must be at least 1.", ["Admin:RateLimit:PermitsPerSecond"]);
        }

        if (Burst < 1)
        {
            yield return new ValidationResult("Admin:RateLimit:Burst must be at least 1.", ["Admin:RateLimit:Burst"]);
        }

        if (QueueLimit < 0)
        {
            yield return new ValidationResult("Admin:RateLimit:QueueLimit must not be negative.", ["Admin:RateLimit:QueueLimit"]);
        }
    }
}
