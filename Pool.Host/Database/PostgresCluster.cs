using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Pool.Host.Database;

/// <summary>
/// A private PostgreSQL cluster run from the installed server binaries: the host's embedded default
/// (under <c>.pool/</c>) and the tests' throwaway cluster. PostgreSQL refuses to run as root, so when
/// this process is root the server programs run as the <c>postgres</c> user and the data directory is
/// owned by it. The server listens on loopback TCP only (no Unix socket) and requires a password that
/// is generated at first start and kept beside the data directory, readable by its owner only.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>The superuser role the cluster is created with.</summary>
    public const string SuperuserName = "pool";

    private const string DataFolderName = "pgdata";
    private const string PasswordFileName = "pg-password";
    private const string LogFileName = "postgres.log";
    private const string ServerUser = "postgres";

    /// <summary>How long pg_ctl may take to start or stop the server before we give up, in seconds.</summary>
    private const int PgCtlTimeoutSeconds = 60;

    private readonly string _rootDirectory;
    private readonly string _binDirectory;
    private readonly bool _runAsServerUser;
    private bool _startedHere;

    private PostgresCluster(string rootDirectory, string binDirectory, bool runAsServerUser)
    {
        _rootDirectory = rootDirectory;
        _binDirectory = binDirectory;
        _runAsServerUser = runAsServerUser;
    }

    /// <summary>The loopback port the server listens on, once started.</summary>
    public int Port { get; private set; }

    /// <summary>Where the cluster's files live.</summary>
    public string RootDirectory => _rootDirectory;

    /// <summary>A connection string to the given database as the cluster's superuser.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = SuperuserName,
        Password = File.ReadAllText(Path.Combine(_rootDirectory, PasswordFileName)).Trim(),
    }.ConnectionString;

    /// <summary>
    /// Starts the cluster under <paramref name="rootDirectory"/>: initialises it on first use, reuses a
    /// server already running from an earlier start, and otherwise starts one on a free loopback port.
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(string rootDirectory, CancellationToken cancellationToken = default)
    {
        var binDirectory = FindServerBinaries()
            ?? throw new InvalidOperationException(
                "PostgreSQL's server binaries (pg_ctl, initdb) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
                "Install them with: apt-get install postgresql");
        var cluster = new PostgresCluster(Path.GetFullPath(rootDirectory), binDirectory, Environment.UserName == "root" || IsRoot());
        await cluster.InitialiseIfNeededAsync(cancellationToken);
        await cluster.StartOrReuseAsync(cancellationToken);
        return cluster;
    }

    /// <summary>Creates a database (for tests that each want their own).</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "", StringComparison.Ordinal)}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops the server if this instance started it (fast shutdown: running transactions roll back).</summary>
    public async Task StopAsync()
    {
        if (!_startedHere)
        {
            return;
        }

        _startedHere = false;
        await RunServerProgramAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", PgCtlTimeoutSeconds.ToString(CultureInfo.InvariantCulture), "stop"], allowFailure: true, CancellationToken.None);
    }

    /// <summary>Stops the server even if an earlier start of another process left it running.</summary>
    public async Task StopAlwaysAsync()
    {
        _startedHere = true;
        await StopAsync();
    }

    /// <summary>Stops the server abruptly (immediate mode), as a crash would; for tests.</summary>
    public Task KillAsync() =>
        RunServerProgramAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], allowFailure: true, CancellationToken.None);

    /// <summary>Starts the server again after <see cref="StopAsync"/> or <see cref="KillAsync"/>, on the same port.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartServerAsync(Port, cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync();

    private string DataDirectory => Path.Combine(_rootDirectory, DataFolderName);

    private async Task InitialiseIfNeededAsync(CancellationToken cancellationToken)
    {
        // Owner-only, but enterable by the server user: it holds the password and, for the host, the admin key.
        Directory.CreateDirectory(_rootDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        // A half-made data directory from an interrupted first run is useless to initdb: start over.
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var passwordPath = Path.Combine(_rootDirectory, PasswordFileName);
        if (!File.Exists(passwordPath))
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            await File.WriteAllTextAsync(passwordPath, password, cancellationToken);
            File.SetUnixFileMode(passwordPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // initdb reads the password from a file; when it runs as the server user that file must be
        // readable by it, so a copy lives in the (server-owned, private) data directory's sibling for a moment.
        var initPasswordPath = Path.Combine(_rootDirectory, "pg-password.init");
        await File.WriteAllTextAsync(initPasswordPath, await File.ReadAllTextAsync(passwordPath, cancellationToken), cancellationToken);
        try
        {
            if (_runAsServerUser)
            {
                await ChangeOwnerAsync(DataDirectory, cancellationToken);
                await ChangeOwnerAsync(initPasswordPath, cancellationToken);
                EnsureServerUserCanReach(_rootDirectory);
            }

            await RunServerProgramAsync("initdb", [
                "-D", DataDirectory, "-U", SuperuserName, "--pwfile", initPasswordPath,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-instructions",
            ], allowFailure: false, cancellationToken);
        }
        finally
        {
            File.Delete(initPasswordPath);
        }

        // Settings for a private development/test server: loopback only, no Unix socket, and
        // enough connections for a host plus parallel tests.
        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# Pool: private cluster settings")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("max_connections = 300")
            .AppendLine("shared_buffers = 256MB")
            .AppendLine("fsync = on")
            .AppendLine("synchronous_commit = on")
            // The projection writes a few kB of WAL per authorization, so the default checkpoint every 1 GB of WAL
            // would come about once a minute at 10,000/s, each followed by full-page images of every page written
            // again and a burst of data-file writes beside the journal's WAL flushes. lz4 (Debian's PostgreSQL is
            // built with it) shrinks those images for little CPU.
            .AppendLine("max_wal_size = 4GB")
            .AppendLine("checkpoint_timeout = 15min")
            .AppendLine("wal_compression = lz4")
            // Pool's statements are short or set-based over arrays; JIT compilation of their plans cost more than it
            // saved (clearing's matching: ~0.4 s of compiling a batch, docs/benchmarks-clearing.md). Off, as on Aurora.
            .AppendLine("jit = off")
            .AppendLine("log_min_messages = warning")
            .ToString();
        var configPath = Path.Combine(DataDirectory, "postgresql.conf");
        if (_runAsServerUser)
        {
            await RunProcessAsync("runuser", ["-u", ServerUser, "--", "sh", "-c", $"cat >> '{configPath}'"], settings, allowFailure: false, cancellationToken);
        }
        else
        {
            await File.AppendAllTextAsync(configPath, settings, cancellationToken);
        }
    }

    private async Task StartOrReuseAsync(CancellationToken cancellationToken)
    {
        var runningPort = await TryReadRunningPortAsync(cancellationToken);
        if (runningPort is { } port)
        {
            Port = port;
            _startedHere = true;
            return;
        }

        await StartServerAsync(FindFreeLoopbackPort(), cancellationToken);
    }

    private async Task StartServerAsync(int port, CancellationToken cancellationToken)
    {
        Port = port;
        var logPath = Path.Combine(_rootDirectory, LogFileName);
        if (_runAsServerUser)
        {
            if (!File.Exists(logPath))
            {
                await File.WriteAllTextAsync(logPath, "", cancellationToken);
            }

            await ChangeOwnerAsync(logPath, cancellationToken);
        }

        await RunServerProgramAsync("pg_ctl", [
            "-D", DataDirectory, "-l", logPath, "-w", "-t", PgCtlTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}", "start",
        ], allowFailure: false, cancellationToken);
        _startedHere = true;
    }

    /// <summary>
    /// A server from an earlier start that is still running (the host was killed) is reused: its port
    /// is the fourth line of postmaster.pid, and it must answer on it.
    /// </summary>
    private async Task<int?> TryReadRunningPortAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        string[] lines;
        try
        {
            if (!File.Exists(pidFile))
            {
                return null;
            }

            lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (lines.Length < 4 || !int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var status = await RunServerProgramAsync("pg_ctl", ["-D", DataDirectory, "status"], allowFailure: true, cancellationToken);
        return status == 0 ? port : null;
    }

    private static int FindFreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindServerBinaries()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "pg_ctl");
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory, "initdb")))
            {
                return directory;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        string? best = null;
        var bestVersion = -1;
        foreach (var versionDirectory in Directory.GetDirectories(debianRoot))
        {
            if (int.TryParse(Path.GetFileName(versionDirectory), CultureInfo.InvariantCulture, out var version)
                && version > bestVersion
                && File.Exists(Path.Combine(versionDirectory, "bin", "pg_ctl")))
            {
                bestVersion = version;
                best = Path.Combine(versionDirectory, "bin");
            }
        }

        return best;
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void EnsureServerUserCanReach(string directory)
    {
        // The server user must be able to pass through every parent folder of the data directory.
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var mode = current.UnixFileMode;
            if ((mode & UnixFileMode.OtherExecute) == 0)
            {
                if (current.FullName == directory)
                {
                    current.UnixFileMode = mode | UnixFileMode.OtherExecute;
                    continue;
                }

                throw new InvalidOperationException(
                    $"PostgreSQL runs as the '{ServerUser}' user, which cannot enter '{current.FullName}'. " +
                    "Run Pool from a folder every user can enter, or set ConnectionStrings:Pool.");
            }
        }
    }

    private Task ChangeOwnerAsync(string path, CancellationToken cancellationToken) =>
        RunProcessAsync("chown", ["-R", $"{ServerUser}:{ServerUser}", path], standardInput: null, allowFailure: false, cancellationToken);

    private Task<int> RunServerProgramAsync(string program, IReadOnlyList<string> arguments, bool allowFailure, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, program);
        return _runAsServerUser
            ? RunProcessAsync("runuser", ["-u", ServerUser, "--", path, .. arguments], standardInput: null, allowFailure, cancellationToken)
            : RunProcessAsync(path, arguments, standardInput: null, allowFailure, cancellationToken);
    }

    private static async Task<int> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, string? standardInput, bool allowFailure, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}");
        }

        return process.ExitCode;
    }
}
