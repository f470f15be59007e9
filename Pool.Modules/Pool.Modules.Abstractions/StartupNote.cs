namespace Pool.Modules.Abstractions;

/// <summary>
/// A line the host prints when it has started (e.g. where the link listens, where the admin key is).
/// Modules register these as singletons; never put a secret in one.
/// </summary>
/// <param name="Label">Short label, e.g. <c>Admin key</c>.</param>
/// <param name="Value">The value, e.g. a path or an address.</param>
public sealed record StartupNote(string Label, string Value);
