using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.State;
using Pool.Host.Composition;
using Pool.Host.Database;
using Pool.Modules.Authorization.Engine;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Benchmarks.Journal;

/// <summary>
/// Timed measurement (not BenchmarkDotNet: each run needs its own PostgreSQL cluster and a loaded host):
/// startup time and memory of the engine for N synthetic cards and holds, and for several batch sizes the
/// journal commit rate (records per second; the commit an answer waits for: one journal row per batch)
/// and the projection rate (each record an approval: log row, pending transfer, hold row, card state),
/// the projection timed from the first commit until it has applied the last. Usage: <c>dotnet run -c Release --project Pool.Benchmarks -- journal [cards] [holds] [records per batch size]</c>.
/// Figures go in docs/benchmarks-engine-journal.md.
/// </summary>
internal static class EngineHostingMeasurement
{
    /// <summary>Records per commit measured, in order; <c>POOL_BENCH_JOURNAL_BATCHES=64,512</c> measures only those.</summary>
    private static readonly int[] BatchSizes = Environment.GetEnvironmentVariable("POOL_BENCH_JOURNAL_BATCHES") is { Length: > 0 } sizes
        ? sizes.Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture)).ToArray()
        : [1, 8, 64, 512, 4096];

    public static async Task<int> RunAsync(string[] args)
    {
        var cards = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var holds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var recordsPerSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
        var root = Path.Combine(Path.GetTempPath(), "pool-journal-bench-" + Guid.NewGuid().ToString("N")[..8]);
        await using var cluster = await PostgresCluster.StartAsync(root);
        try
        {
            await cluster.CreateDatabaseAsync("bench");
            var connectionString = cluster.ConnectionString("bench");
            await using (var migrator = await CreateAsync(connectionString, cards, holds))
            {
                await migrator.MigrateAsync();
            }

            var seeding = Stopwatch.StartNew();
            await SeedAsync(connectionString, cards, holds);
            Console.WriteLine($"Seeded {cards:N0} cards and accounts and {holds:N0} open holds in {seeding.Elapsed.TotalSeconds:F1} s");

            // A restart meets a database that has settled: autovacuum has long since analysed and frozen the rows and a
            // checkpoint has written them. Without this the start raced autovacuum and the checkpointer over the
            // million rows just written (10.0 s at load 2-3 against 4.8-9.5 s before, docs/benchmarks-engine-journal.md).
            var settling = Stopwatch.StartNew();
            await using (var settle = new NpgsqlConnection(connectionString))
            {
                await settle.OpenAsync();
                await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", settle) { CommandTimeout = 0 };
                await vacuum.ExecuteNonQueryAsync();
                await using var checkpoint = new NpgsqlCommand("CHECKPOINT", settle) { CommandTimeout = 0 };
                await checkpoint.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"Settled (VACUUM (ANALYZE), CHECKPOINT) in {settling.Elapsed.TotalSeconds:F1} s; load average {LoadAverage()}");

            GC.Collect();
            var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetBefore = Environment.WorkingSet;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var starting = Stopwatch.StartNew();
            await using var host = await CreateAsync(connectionString, cards, holds);
            await host.StartAsync();
            var startedMs = starting.ElapsedMilliseconds;
            var startCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var engineHost = host.App.Services.GetRequiredService<EngineHost>();
            var engine = engineHost.Engine ?? throw new InvalidOperationException("The engine did not become active.");
            GC.Collect();
            var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine($"Host start with engine load: {startedMs:N0} ms (this process's CPU time {startCpu.TotalMilliseconds:N0} ms, less sensitive to a busy machine); engine {engine.State.CardCount:N0} cards, {engine.State.AccountCount:N0} accounts; load average {LoadAverage()}");
            Console.WriteLine($"Managed heap +{(managedAfter - managedBefore) / 1_048_576.0:N0} MiB; working set {workingSetBefore / 1_048_576.0:N0} → {Environment.WorkingSet / 1_048_576.0:N0} MiB");

            var committer = host.App.Services.GetRequiredService<PostgresJournalCommitter>();
            var projector = host.App.Services.GetRequiredService<JournalProjector>();
            var firstAccount = await ScalarAsync(connectionString, "SELECT min(id) FROM ledger.accounts WHERE kind = 100");
            Console.WriteLine();
            Console.WriteLine("Journal commit (the answer waits for it) and projection (ledger, log, holds; asynchronous), measured separately:");
            Console.WriteLine("| batch size | records | commit elapsed | committed records/s | ms per commit | projection elapsed | projected records/s | CPU µs per record: host / PostgreSQL |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            var stan = 0;
            foreach (var size in BatchSizes)
            {
                var batches = Math.Max(1, recordsPerSize / size);
                var batch = new JournalRecord[size];
                var hostCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var postgresCpuBefore = ClusterCpu(root);
                var stopwatch = Stopwatch.StartNew();
                for (var b = 0; b < batches; b++)
                {
                    for (var i = 0; i < size; i++)
                    {
                        batch[i] = Approval(firstAccount + (stan % cards), stan % cards + 1, ++stan);
                    }

                    await committer.CommitAsync(batch, engine.Epoch, CancellationToken.None);
                }

                var committedIn = stopwatch.Elapsed;
                var caughtUp = await projector.WaitForAsync(committer.CommittedPosition, TimeSpan.FromMinutes(10), CancellationToken.None);
                var projectedIn = stopwatch.Elapsed;
                if (!caughtUp)
                {
                    throw new InvalidOperationException("The projector did not catch up within 10 minutes.");
                }

                var records = batches * size;
                var hostCpu = Process.GetCurrentProcess().TotalProcessorTime - hostCpuBefore;
                var postgresCpu = ClusterCpu(root) - postgresCpuBefore;
                Console.WriteLine(
                    $"| {size} | {records:N0} | {committedIn.TotalSeconds:F1} s | {records / committedIn.TotalSeconds:N0} | {committedIn.TotalMilliseconds / batches:F2} " +
                    $"| {projectedIn.TotalSeconds:F1} s | {records / projectedIn.TotalSeconds:N0} | {hostCpu.TotalMicroseconds / records:F0} / {postgresCpu.TotalMicroseconds / records:F0} |");
            }

            return 0;
        }
        finally
        {
            await cluster.StopAlwaysAsync();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static JournalRecord Approval(long accountId, long cardNumber, int stan)
    {
        var key = new TransactionKey(999_001, stan % 1_000_000, 1125000000 + (stan / 1_000_000));
        var hold = new HoldState { CardId = cardNumber, AmountMinor = 100, DayNumber = 1, MonthNumber = 1, ApprovalCode = ApprovalCode.FromString("ABC123"), Counted = true };
        var record = new JournalRecord
        {
            Kind = JournalRecordKind.Authorization,
            RequestKind = RequestKind.Authorization,
            ResponseCode = ResponseCode.Approved,
            Flags = JournalRecordFlags.HoldChanged | JournalRecordFlags.HoldExistsAfter | JournalRecordFlags.VelocityChanged
                | JournalRecordFlags.ApprovalSequenceChanged | JournalRecordFlags.RecentAnswerAdded | JournalRecordFlags.HasAvailableBalance,
            DecidedAtUtcTicks = DateTimeOffset.UtcNow.UtcTicks,
            CardId = cardNumber,
            AccountId = accountId,
            Key = key,
            HoldKey = key,
            HoldAfter = hold,
            De4AmountMinor = 100,
            De49CurrencyCode = 392,
            De18Mcc = 5499,
            De19CountryCode = 392,
            ApprovalCode = hold.ApprovalCode,
            ApprovedAmountMinor = 100,
            ApprovedTransactionAmountMinor = 100,
            HeldDeltaMinor = 100,
            VelocityAfter = new CardVelocity { DayNumber = 1, MonthNumber = 1, DailyCount = 1, DailyAmountMinor = 100, MonthlyAmountMinor = 100 },
            ApprovalSequenceAfter = 1,
        };
        MemoryMarshal.AsBytes(new Span<RrnBytes12>(ref record.De37Rrn)).Fill((byte)'1');
        MemoryMarshal.AsBytes(new Span<MerchantNameBytes25>(ref record.De43MerchantName)).Fill((byte)'M');
        return record;
    }

    /// <summary>Synthetic data straight into the modules' tables (a measurement tool, not a module): accounts with 1,000,000 yen, one card each, and open holds.</summary>
    private static async Task SeedAsync(string connectionString, int cards, int holds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var sql =
            """
            INSERT INTO cards.cardholders (id, name, created_at) SELECT 'ch_' || g, 'Bench ' || g, now() FROM generate_series(1, @cards) g;
            INSERT INTO ledger.accounts (kind, cardholder_id, flags, credits_posted, created_at)
                SELECT 100, 'ch_' || g, 1, 1000000, now() FROM generate_series(1, @cards) g;
            UPDATE ledger.accounts SET debits_posted = (SELECT coalesce(sum(credits_posted), 0) FROM ledger.accounts WHERE kind = 100) WHERE id = 1;
            INSERT INTO cards.cards (id, cardholder_id, pan_hash, pan_ciphertext, key_id, bin, last4, expiry, status, blocked_mccs,
                    allow_ecommerce, allow_international, allow_cash, created_at, status_changed_at)
                SELECT 'card_' || g, 'ch_' || g, sha256(g::text::bytea), sha256(('c' || g)::text::bytea), 'bench-k0', '424242', lpad((g % 10000)::text, 4, '0'),
                       '2812', 1, '{}', true, true, true, now(), now()
                FROM generate_series(1, @cards) g;
            INSERT INTO "authorization".holds (acquirer_id, stan, transmitted_at, card_number, account_id, amount, day_number, month_number,
                    approval_code, decided_on_billing_amount, counted, state, ledger_version, pending_open, opened_at, changed_at)
                SELECT 777, g % 1000000, g / 1000000, c.seq, a.id, 0, 1, 1, 0, false, false, 1, 0, false, now(), now()
                FROM generate_series(1, @holds) g
                JOIN cards.cards c ON c.seq = 1 + (g % @cards)
                JOIN ledger.accounts a ON a.cardholder_id = c.cardholder_id;
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("cards", cards);
        command.Parameters.AddWithValue("holds", holds);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// CPU time of the benchmark's PostgreSQL cluster so far: the postmaster and its children (backends, WAL writer,
    /// checkpointer), from /proc (Linux; zero elsewhere). Unlike wall time it hardly moves with the neighbours' load.
    /// </summary>
    private static TimeSpan ClusterCpu(string root)
    {
        const double TicksPerSecond = 100; // USER_HZ on Linux
        try
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(root, "pgdata", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            double ticks = 0;
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid))
                {
                    continue;
                }

                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(directory, "stat"));
                }
                catch (IOException)
                {
                    continue;
                }

                // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15) cutime(16) cstime(17).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster || parent == postmaster)
                {
                    ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)
                        + double.Parse(fields[13], CultureInfo.InvariantCulture) + double.Parse(fields[14], CultureInfo.InvariantCulture);
                }
            }

            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return TimeSpan.Zero;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static Task<PoolApplication> CreateAsync(string connectionString, int cards, int holds)
    {
        var key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Pool"] = connectionString,
            ["urls"] = "http://127.0.0.1:0",
            ["AuthorizationLink:Port"] = "0",
            ["Cards:Vault:ActiveKeyId"] = "bench-k0",
            ["Cards:Vault:Keys:0:Id"] = "bench-k0",
            ["Cards:Vault:Keys:0:EncryptionKey"] = key,
            ["Cards:Vault:Keys:0:HashKey"] = key,
            ["Admin:ApiKeys:0:Name"] = "bench",
            ["Admin:ApiKeys:0:Key"] = "bench-admin-key-0123456789",
            ["Admin:ApiKeys:0:Role"] = "admin",
            ["Authorization:Engine:CardsMax"] = Math.Max(cards, 1).ToString(CultureInfo.InvariantCulture),
            ["Authorization:Engine:AccountsMax"] = Math.Max(cards, 1).ToString(CultureInfo.InvariantCulture),
            // The holds spread over the partitions by account (PartitionCount defaults to the cores), so each partition's
            // table gets its share, a tenth more for the skew and 65,536 of room, as an operator would size it. Not room
            // for every hold in one partition: the tables are native memory zeroed at start for their whole capacity
            // (a power of two, twice the maximum), and 1,065,536 per partition doubled the hold tables to 512 MiB, most
            // of the start's page zeroing (docs/benchmarks-engine-journal.md).
            ["Authorization:Engine:HoldsPerPartitionMax"] = Math.Max((holds / Environment.ProcessorCount) + (holds / 10) + 65_536, 262_144).ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Pool.Modules.Authorization.Engine.EngineStateLoader"] = "Information",
            // Per-statement timings of each projection transaction (event 5119), when asked: POOL_BENCH_PROJECTION_TIMINGS=1.
            // and the Ledger's own split of its step into read, decide and write (event 4001).
            ["Logging:LogLevel:Pool.Modules.Authorization.Persistence.JournalProjector"] = ProjectionTimingsLevel,
            ["Logging:LogLevel:Pool.Modules.Ledger.Domain.LedgerTransfers"] = ProjectionTimingsLevel,
        };
        return PoolApplication.CreateAsync(
            ["--environment", "Production"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.WebHost.UseSetting("urls", settings["urls"]);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
    }

    private static string ProjectionTimingsLevel =>
        Environment.GetEnvironmentVariable("POOL_BENCH_PROJECTION_TIMINGS") == "1" ? "Debug" : "Warning";
}
