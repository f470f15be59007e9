using System.Globalization;

namespace Pool.Benchmarks.Load;

/// <summary>
/// The <c>load</c> mode's command line. Usage:
/// <code>
/// load --target pool|baseline --host 127.0.0.1 --port 8583 --api http://127.0.0.1:8080 --api-key KEY
///      [--api-key-file PATH] --connections 4 --rate 10000 (0: as fast as possible) --duration 30 --warmup 5
///      --mix purchase=70,decline=10,reversal=5,advice=5,inquiry=5,fx=5 --cards 1000 --in-flight 1024
///      --out artifacts/load/NAME [--seed-tag TAG] [--deposit 100000000] [--drain 5] [--watch host=PID,postgres=PID]
///      baseline only: --database CONNSTRING | --pg-state-dir DIR, --baseline-pool 16 (connections to PostgreSQL;
///      also the requests it works on at once), --port 0 (start an in-process baseline server on a free port)
/// </code>
/// </summary>
internal sealed record LoadOptions
{
    public string Target { get; init; } = "pool";
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8583;
    public string Api { get; init; } = "http://127.0.0.1:8080";
    public string? ApiKey { get; init; }
    public int Connections { get; init; } = 4;
    public double Rate { get; init; } = 10_000;
    public int DurationSeconds { get; init; } = 30;
    public int WarmupSeconds { get; init; } = 5;
    public string Mix { get; init; } = LoadMix.Default;
    public int Cards { get; init; } = 1000;

    /// <summary>Requests outstanding per connection at most; link spec §1 allows 1024.</summary>
    public int InFlight { get; init; } = 1024;
    public string Out { get; init; } = "artifacts/load/run";
    public string SeedTag { get; init; } = "load";

    /// <summary>Each card's deposit: 100 million yen, so a run's purchases (100–2,000 yen) never exhaust it.</summary>
    public long DepositMinor { get; init; } = 100_000_000;
    public int DrainSeconds { get; init; } = 5;
    public string? Database { get; init; }
    public string? PostgresStateDirectory { get; init; }
    public int BaselinePool { get; init; } = 16;

    /// <summary>Processes whose CPU over the measured window goes into the result: <c>host=PID,postgres=PID</c>.</summary>
    public string? Watch { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var value = args[++i];
            options = name switch
            {
                "--target" => options with { Target = value is "pool" or "baseline" ? value : throw new ArgumentException("--target is pool or baseline.") },
                "--host" => options with { Host = value },
                "--port" => options with { Port = Int(name, value, 0, 65535) },
                "--api" => options with { Api = value },
                "--api-key" => options with { ApiKey = value },
                "--api-key-file" => options with { ApiKey = File.ReadAllText(value).Trim() },
                "--connections" => options with { Connections = Int(name, value, 1, 64) },
                "--rate" => options with { Rate = Int(name, value, 0, 10_000_000) },
                "--duration" => options with { DurationSeconds = Int(name, value, 1, 3600) },
                "--warmup" => options with { WarmupSeconds = Int(name, value, 0, 3600) },
                "--mix" => options with { Mix = value },
                "--cards" => options with { Cards = Int(name, value, 1, 10_000_000) },
                "--in-flight" => options with { InFlight = Int(name, value, 1, 1024) },
                "--out" => options with { Out = value },
                "--seed-tag" => options with { SeedTag = value },
                "--deposit" => options with { DepositMinor = Int(name, value, 1, int.MaxValue) },
                "--drain" => options with { DrainSeconds = Int(name, value, 0, 120) },
                "--database" => options with { Database = value },
                "--pg-state-dir" => options with { PostgresStateDirectory = value },
                "--baseline-pool" => options with { BaselinePool = Int(name, value, 1, 1024) },
                "--watch" => options with { Watch = value },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return options;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'.");
}
