namespace Pool.Modules.Abstractions;

/// <summary>
/// Authorization policy names for the admin API roles (admin-api.md §2). Roles are ordered:
/// an operator may do what a viewer may, an admin what an operator may.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Reads.</summary>
    public const string Viewer = "viewer";

    /// <summary>Reads, card status and controls, deposits, clearing imports, job runs.</summary>
    public const string Operator = "operator";

    /// <summary>Everything, including withdrawals and key-sensitive reads.</summary>
    public const string Admin = "admin";
}
