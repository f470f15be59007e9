using Microsoft.Extensions.Configuration;

namespace Pool.Modules.Abstractions;

/// <summary>
/// The host's local state folder (<c>.pool/</c> in the working directory unless <c>Pool:StateDirectory</c>
/// says otherwise): the embedded PostgreSQL cluster, and in Development the generated admin key and vault keys.
/// </summary>
public static class LocalState
{
    /// <summary>Configuration key of the folder.</summary>
    public const string DirectoryKey = "Pool:StateDirectory";

    /// <summary>Default folder, relative to the working directory (admin-api.md §4).</summary>
    public const string DirectoryDefault = ".pool";

    /// <summary>The folder's absolute path.</summary>
    public static string Directory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Path.GetFullPath(configuration[DirectoryKey] is { Length: > 0 } configured ? configured : DirectoryDefault);
    }

    /// <summary>Writes a secret file readable and writable by its owner only (mode 0600), creating the folder.</summary>
    public static void WriteSecretFile(string path, string contents)
    {
        var folder = Path.GetDirectoryName(path)!;
        System.IO.Directory.CreateDirectory(folder);
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
