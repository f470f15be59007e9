using Pool.Modules.Abstractions;

namespace Pool.Modules.Access.ApiKeys;

/// <summary>The roles of admin-api.md §2, in increasing power.</summary>
internal static class Roles
{
    public static bool IsKnown(string? role) =>
        role is AccessPolicies.Viewer or AccessPolicies.Operator or AccessPolicies.Admin;
}
