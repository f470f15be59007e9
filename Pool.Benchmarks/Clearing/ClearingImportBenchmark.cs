using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Host.Composition;
using Pool.Host.Database;
using Pool.Modules.Abstractions;
using Pool.Modules.Authorization;
using Pool.Modules.Authorization.Engine;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Cards.Contracts;
using Npgsql;
using Pool.Modules.Cards.Application;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Benchmarks.Clearing;

/// <summary>
/// <c>dotnet run -c Release --project Pool.Benchmarks -- clearing-import [--presentments N] [--cards M] [--holds-per-card K] [--journal-batch B] [--posting-batch P] [--snapshot DIR]</c>
/// (docs/benchmarks-clearing.md). Starts a private PostgreSQL cluster and a whole host, then measures two imports:
/// <list type="number">
/// <item>N presentments for cards Pool does not know: reading, validation, staging, card resolution and the
/// outcome writes at full size, without engine postings (each detail becomes an exception);</item>
/// <item>M × K presentments matching M × K holds approved through the engine: the whole path, matching and postings.</item>
/// </list>
/// Each reports wall time and the process's peak resident memory (VmHWM, reset between runs).
/// </summary>
internal static class ClearingImportBenchmark
{
    public const string Mode = "clearing-import";

    private const long DepositMinor = 1_000_000;
    private const long HoldMinor = 1_000;
    private const long ClearedMinor = 980;
    private const string AdminKey = "bench-admin-key-0123456789";

    /// <summary>Written last into a --snapshot directory (the approved holds' count): the snapshot is whole.</summary>
    private const string SnapshotMarker = "approved.txt";

    /// <summary>Authorization:Hosting:LeaseLockKey's default ("POOLAUTH").</summary>
    private const long EngineLeaseKey = 0x504F_4F4C_4155_5448;

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var presentments = Option(args, "--presentments", 1_000_000);
        var cards = Option(args, "--cards", 10_000);
        var holdsPerCard = Option(args, "--holds-per-card", 1);
        var journalBatch = Option(args, "--journal-batch", 512);
        var postingBatch = Option(args, "--posting-batch", 0);
        var snapshot = TextOption(args, "--snapshot");
        var root = Path.Combine(Path.GetTempPath(), "pool-bench-clearing-" + Guid.NewGuid().ToString("N")[..8]);
        var matchedPath = Path.Combine(root, "matched.txt");
        var approved = 0;
        PostgresCluster cluster;
        PoolApplication host;
        if (snapshot is not null && File.Exists(Path.Combine(snapshot, SnapshotMarker)))
        {
            // A database seeded by an earlier run with the same --cards and --holds-per-card: copied, then the host
            // loads it as after a restart (the engine's state from the database, the projection caught up).
            Console.WriteLine($"Reusing the seeded database in {snapshot}…");
            var copyWatch = Stopwatch.StartNew();
            Directory.CreateDirectory(root);
            await CopyTreeAsync(Path.Combine(snapshot, "pg"), Path.Combine(root, "pg"));
            File.Copy(Path.Combine(snapshot, "matched.txt"), matchedPath);
            approved = int.Parse(await File.ReadAllTextAsync(Path.Combine(snapshot, SnapshotMarker)), CultureInfo.InvariantCulture);
            cluster = await PostgresCluster.StartAsync(Path.Combine(root, "pg"));
            host = await StartHostAsync(cluster.ConnectionString("bench"), root, cards, cards * holdsPerCard, journalBatch, postingBatch);
            await WaitForActiveEngineAsync(host);
            Console.WriteLine($"  copied and loaded in {copyWatch.Elapsed.TotalSeconds:F1} s");
        }
        else
        {
            cluster = await PostgresCluster.StartAsync(Path.Combine(root, "pg"));
            await cluster.CreateDatabaseAsync("bench");
            // Hold the engine's lease while seeding (see SeedAsync); the host starts standby.
            await using var lease = new NpgsqlConnection(cluster.ConnectionString("bench"));
            await lease.OpenAsync();
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lease))
            {
                take.Parameters.AddWithValue("key", EngineLeaseKey);
                await take.ExecuteScalarAsync();
            }

            host = await StartHostAsync(cluster.ConnectionString("bench"), root, cards, cards * holdsPerCard, journalBatch, postingBatch);

            // Cards, deposits and holds through the admin API and the engine first (the card base the runs resolve against).
            if (cards > 0)
            {
                Console.WriteLine($"Seeding {cards:N0} cards, deposits and {cards * holdsPerCard:N0} approved holds…");
                var seedWatch = Stopwatch.StartNew();
                var codes = await SeedAsync(host, lease, cards, holdsPerCard);
                Console.WriteLine($"  seeded in {seedWatch.Elapsed.TotalSeconds:F1} s (answered)");
                // The holds are answered when their journal batch commits; the log and holds tables that matching
                // reads follow by the projection's lag. Measuring starts once they caught up.
                await WaitForProjectionAsync(host, TimeSpan.FromMinutes(30));
                Console.WriteLine($"  projected in {seedWatch.Elapsed.TotalSeconds:F1} s");
                // The file is written now and the approval codes dropped, so the import's peak memory is the import's.
                approved = WriteFile(matchedPath, "BENCHMATCHED", MatchedDetails(codes, holdsPerCard));
            }

            if (snapshot is not null && approved > 0)
            {
                // Stopped cleanly (the engine drains, the server checkpoints), copied, started again: the measured
                // runs always start from a host that loaded its state, whether the database was seeded now or reused.
                await host.DisposeAsync();
                await cluster.StopAsync();
                Directory.CreateDirectory(snapshot);
                await CopyTreeAsync(Path.Combine(root, "pg"), Path.Combine(snapshot, "pg"));
                File.Copy(matchedPath, Path.Combine(snapshot, "matched.txt"), overwrite: true);
                await File.WriteAllTextAsync(Path.Combine(snapshot, SnapshotMarker), approved.ToString(CultureInfo.InvariantCulture));
                Console.WriteLine($"  saved the seeded database to {snapshot}");
                cluster = await PostgresCluster.StartAsync(Path.Combine(root, "pg"));
                host = await StartHostAsync(cluster.ConnectionString("bench"), root, cards, cards * holdsPerCard, journalBatch, postingBatch);
                await WaitForActiveEngineAsync(host);
            }
        }

        await using var clusterScope = cluster;
        await using var hostScope = host;
        var services = host.App.Services;
        var imports = services.GetRequiredService<IClearingImports>();

        // 1. Unknown cards at full size: everything but the engine's postings.
        (TimeSpan Elapsed, long PeakRssKb, ClearingImportResult Result)? unknown = null;
        if (presentments > 0)
        {
            var unknownPath = Path.Combine(root, "unknown.txt");
            WriteFile(unknownPath, "BENCHUNKNOWN", Enumerable.Range(0, presentments).Select(i => (UnknownPan(i), (string?)null)));
            unknown = await MeasureAsync(host, unknownPath);
        }

        // 2. Presentments matching the seeded holds: the whole path.
        (TimeSpan Elapsed, long PeakRssKb, ClearingImportResult Result)? matched = null;
        if (approved > 0)
        {
            matched = await MeasureAsync(host, matchedPath);
        }

        Console.WriteLine();
        Console.WriteLine("| run | details | wall time | details/s | peak RSS (VmHWM) | report |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        if (unknown is { } unknownRun)
        {
            Row("unknown cards (read, validate, stage, resolve, exceptions)", presentments, unknownRun);
        }

        if (matched is { } matchedRun)
        {
            Row("matched to holds (whole path through the engine)", approved, matchedRun);
        }

        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static async Task<PoolApplication> StartHostAsync(string connectionString, string root, int cards, int holds, int journalBatch, int postingBatch)
    {
        var capacity = Math.Max(cards * 2, 10_000).ToString(CultureInfo.InvariantCulture);
        // Two partitions share the holds about evenly (accounts hash to partitions); a tenth more for the skew.
        var holdsPerPartition = Math.Max(holds / 2 + holds / 10, 10_000).ToString(CultureInfo.InvariantCulture);
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Pool"] = connectionString,
            ["urls"] = "http://127.0.0.1:0",
            [LocalState.DirectoryKey] = Path.Combine(root, "state"),
            ["AuthorizationLink:Port"] = "0",
            ["Cards:Vault:ActiveKeyId"] = "bench-k0",
            ["Cards:Vault:Keys:0:Id"] = "bench-k0",
            ["Cards:Vault:Keys:0:EncryptionKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["Cards:Vault:Keys:0:HashKey"] = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray()),
            ["Authorization:Engine:PartitionCount"] = "2",
            ["Authorization:Engine:CardsMax"] = capacity,
            ["Authorization:Engine:AccountsMax"] = capacity,
            ["Authorization:Engine:HoldsPerPartitionMax"] = holdsPerPartition,
            ["Authorization:Engine:JournalBatchMax"] = journalBatch.ToString(CultureInfo.InvariantCulture),
            ["Admin:ApiKeys:0:Name"] = "bench-admin",
            ["Admin:ApiKeys:0:Key"] = AdminKey,
            ["Admin:ApiKeys:0:Role"] = AccessPolicies.Admin,
            ["Authorization:Hosting:LeaseRetryMs"] = "200",
            ["Authorization:Hosting:LeaseCheckMs"] = "200",
            ["Logging:LogLevel:Default"] = "Warning",
            // The importer's staging and per-batch lines (where the time goes).
            ["Logging:LogLevel:Pool.Modules.Clearing"] = "Information",
        };
        if (postingBatch > 0)
        {
            values["Clearing:PostingBatchMax"] = postingBatch.ToString(CultureInfo.InvariantCulture);
        }

        var application = await PoolApplication.CreateAsync(
            ["--environment", "Benchmark"],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddSimpleConsole();
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Logging.AddFilter("Pool.Modules.Clearing", LogLevel.Information);
                builder.Configuration.AddInMemoryCollection(values);
                builder.WebHost.UseSetting("urls", values["urls"]);
            });
        await application.StartAsync();
        return application;
    }

    /// <summary>
    /// Cards and deposits written while this process holds the engine's lease (so the engine stays standby and
    /// nothing reloads its state per card), then the lease is released, the engine loads them all once, and each
    /// card gets <paramref name="holdsPerCard"/> approved 1,000-yen purchases submitted to the engine as the link
    /// does. Returns the approval codes, six ASCII bytes per hold (card-major; zeros for one not approved).
    /// </summary>
    private static async Task<byte[]> SeedAsync(PoolApplication host, NpgsqlConnection lease, int cards, int holdsPerCard)
    {
        var services = host.App.Services;
        var seeded = 0;
        var issued = new ConcurrentBag<(int Index, string Pan, string Expiry)>();
        await Parallel.ForAsync(0, cards, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            await using var scope = services.CreateAsyncScope();
            var holder = await scope.ServiceProvider.GetRequiredService<CardholderService>().CreateAsync("Bench", token);
            var pan = KnownPan(i);
            var card = await scope.ServiceProvider.GetRequiredService<CardIssuer>().IssueWithPanAsync(holder.Id, pan, "3012", token);
            await services.GetRequiredService<ILedgerAccounts>().DepositAsync(holder.Id, DepositMinor, "bench:deposit:" + card.Id, token);
            issued.Add((i, pan, "3012"));
            if (Interlocked.Increment(ref seeded) % 5_000 == 0)
            {
                Console.WriteLine($"  cards {seeded:N0}");
            }
        });

        // Unlock explicitly: closing would only return the pooled connection, lock and all.
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", lease))
        {
            await release.ExecuteScalarAsync();
        }

        var waited = Stopwatch.StartNew();
        var engine = await WaitForActiveEngineAsync(host);
        Console.WriteLine($"  engine active after {waited.Elapsed.TotalSeconds:F1} s");
        var directory = services.GetRequiredService<ICardDirectory>();
        var byIndex = issued.OrderBy(card => card.Index).ToArray();
        var codes = new byte[cards * holdsPerCard * ApprovalCode.Length];
        var placed = 0;
        // Hold-major, so one card's purchases are not all queued at once on one partition.
        await Parallel.ForAsync(0, cards * holdsPerCard, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (h, token) =>
        {
            var card = byIndex[h % cards];
            var hold = (card.Index * holdsPerCard) + (h / cards);
            var request = Purchase(directory, card.Pan, card.Expiry, hold);
            var completion = new Completion();
            while (engine.TrySubmit(in request, completion, card.Index) != SubmitResult.Accepted)
            {
                // Refused submissions were answered 91 through their completion: submit again with a new one.
                await Task.Delay(1, token);
                completion = new Completion();
            }

            var outcome = await completion.Task.WaitAsync(TimeSpan.FromSeconds(60), token);
            if (outcome.ResponseCode == ResponseCode.Approved)
            {
                outcome.ApprovalCode.WriteAscii(codes.AsSpan(hold * ApprovalCode.Length, ApprovalCode.Length));
            }

            if (Interlocked.Increment(ref placed) % 100_000 == 0)
            {
                Console.WriteLine($"  holds {placed:N0}");
            }
        });
        return codes;
    }

    private static async Task<AuthorizationEngine> WaitForActiveEngineAsync(PoolApplication host)
    {
        var engineHost = host.App.Services.GetRequiredService<EngineHost>();
        var waited = Stopwatch.StartNew();
        while (engineHost.Engine is null && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
        }

        return engineHost.Engine ?? throw new InvalidOperationException("The engine did not become active.");
    }

    /// <summary>Waits until the journal projector has applied everything the engine committed.</summary>
    private static async Task WaitForProjectionAsync(PoolApplication host, TimeSpan timeout)
    {
        var projector = host.App.Services.GetRequiredService<JournalProjector>();
        if (!await projector.WaitForAsync(projector.EnqueuedPosition, timeout, CancellationToken.None))
        {
            throw new InvalidOperationException($"The projection did not catch up within {timeout}.");
        }
    }

    /// <summary><c>cp -a</c>: the data directory keeps its owner (the server user when this runs as root) and modes.</summary>
    private static async Task CopyTreeAsync(string from, string to)
    {
        using var copy = Process.Start(new ProcessStartInfo("cp", ["-a", from, to]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("cp did not start.");
        await copy.WaitForExitAsync();
        if (copy.ExitCode != 0)
        {
            throw new InvalidOperationException($"cp -a {from} {to} exited with {copy.ExitCode}.");
        }
    }

    /// <summary>One 05 per approved hold, card after card: the card's PAN and the hold's approval code.</summary>
    private static IEnumerable<(string Pan, string? ApprovalCode)> MatchedDetails(byte[] codes, int holdsPerCard)
    {
        var holds = codes.Length / ApprovalCode.Length;
        for (var hold = 0; hold < holds; hold++)
        {
            var code = codes.AsSpan(hold * ApprovalCode.Length, ApprovalCode.Length);
            if (code[0] != 0)
            {
                yield return (KnownPan(hold / holdsPerCard), Encoding.ASCII.GetString(code));
            }
        }
    }

    private static AuthorizationRequest Purchase(ICardDirectory directory, string pan, string expiry, int i)
    {
        var hash = default(PanHashBytes32);
        directory.ComputePanToken(Encoding.ASCII.GetBytes(pan), hash);
        var rrn = default(RrnBytes12);
        Encoding.ASCII.GetBytes("432812345678", rrn);
        var merchant = default(MerchantNameBytes25);
        Span<byte> name = merchant;
        name.Fill((byte)' ');
        Encoding.ASCII.GetBytes("SEVEN MART SHIBUYA", name);
        return new AuthorizationRequest
        {
            Kind = RequestKind.Authorization,
            De3ProcessingCode = 0,
            De4AmountMinor = HoldMinor,
            De49CurrencyCode = 392,
            De14ExpiryYymm = short.Parse(expiry, CultureInfo.InvariantCulture),
            De18Mcc = 5499,
            De19CountryCode = 392,
            De22PosEntryMode = 5,
            Key = new TransactionKey(123456, i % 1_000_000, 1124120000 + i / 1_000_000),
            De37Rrn = rrn,
            De43MerchantName = merchant,
            PanHash = hash,
            PanLuhnValid = true,
        };
    }

    private static async Task<(TimeSpan Elapsed, long PeakRssKb, ClearingImportResult Result)> MeasureAsync(PoolApplication host, string path)
    {
        var imports = host.App.Services.GetRequiredService<IClearingImports>();
        GC.Collect();
        var rssBeforeKb = StatusKb("VmRSS:");
        ResetPeakRss();
        Console.WriteLine($"Importing {Path.GetFileName(path)} ({new FileInfo(path).Length:N0} bytes); resident before: {rssBeforeKb / 1024:N0} MB, managed heap {GC.GetTotalMemory(false) / (1 << 20):N0} MB…");
        using var journal = new JournalMeter();
        using var projection = new ProjectionMeter();
        await using var memory = new MemorySampler();
        var watch = Stopwatch.StartNew();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var result = await imports.ImportAsync(stream, "benchmark", new ConsoleProgress(watch), CancellationToken.None);
        while (result.Outcome == ClearingImportOutcome.Interrupted)
        {
            // The engine could not take every posting in time: import the same file again, as an operator would.
            Console.WriteLine($"  interrupted at {watch.Elapsed.TotalSeconds:F1} s; importing again");
            await using var again = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
            result = await imports.ImportAsync(again, "benchmark", new ConsoleProgress(watch), CancellationToken.None);
        }

        var imported = watch.Elapsed;
        var peakKb = StatusKb("VmHWM:");
        var sampled = await memory.StopAsync();
        // The import answers once its postings are committed and projected; anything still projecting here is
        // another writer's (none in this benchmark), so the two times are the same unless the contract changes.
        await WaitForProjectionAsync(host, TimeSpan.FromMinutes(30));
        var caughtUp = watch.Elapsed;
        watch.Stop();
        var info = GC.GetGCMemoryInfo();
        // If the journal's commit time or the projection's is most of the posting phase, that is the ceiling.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  imported in {imported.TotalSeconds:F1} s; ledger projected up to the import's last posting at {caughtUp.TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  journal: {journal.Commits:N0} commits, {journal.Records:N0} records ({(journal.Commits == 0 ? 0 : journal.Records / journal.Commits):N0} a commit), {journal.CommitMs / 1000:F1} s committing"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  projection: {projection.Transactions:N0} transactions, {projection.Records:N0} records ({(projection.Transactions == 0 ? 0 : projection.Records / projection.Transactions):N0} a transaction), {projection.BusyMs / 1000:F1} s projecting ({(projection.BusyMs == 0 ? 0 : projection.Records * 1000 / projection.BusyMs):N0} records/s while busy)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  memory: peak resident {peakKb / 1024:N0} MB (before {rssBeforeKb / 1024:N0} MB); GC heap now {info.HeapSizeBytes / (1 << 20):N0} MB, committed {info.TotalCommittedBytes / (1 << 20):N0} MB, {GC.CollectionCount(2)} gen2 collections so far"));
        Console.WriteLine($"  memory at the largest resident sample (every 250 ms): {sampled}");
        return (imported, peakKb, result);
    }

    private static void Row(string name, int details, (TimeSpan Elapsed, long PeakRssKb, ClearingImportResult Result) run)
    {
        var report = run.Result.Report;
        var summary = report is null
            ? run.Result.Outcome.ToString()
            : $"matched {report.Matched.Count:N0}, force-posted {report.ForcePosted.Count:N0}, exceptions {report.Exceptions.Count:N0}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {details:N0} | {run.Elapsed.TotalSeconds:F1} s | {details / run.Elapsed.TotalSeconds:N0} | {run.PeakRssKb / 1024:N0} MB | {summary} |"));
    }

    /// <summary>Writes a file of 05 presentments, streaming (the file is never in memory); returns the detail count.</summary>
    private static int WriteFile(string path, string fileId, IEnumerable<(string Pan, string? ApprovalCode)> details)
    {
        using var writer = new StreamWriter(path, false, Encoding.ASCII, 1 << 20);
        writer.Write(("90" + "20261127" + fileId.PadRight(20) + "00999999").PadRight(168) + "\n");
        long count = 0, debits = 0;
        foreach (var (pan, code) in details)
        {
            count++;
            var arn = "7" + (fileId.GetHashCode(StringComparison.Ordinal) & 0xFFFF).ToString("D5", CultureInfo.InvariantCulture) + count.ToString("D17", CultureInfo.InvariantCulture);
            var amount = code is null ? HoldMinor : ClearedMinor;
            debits += amount;
            writer.Write("0500");
            writer.Write(pan.PadRight(19));
            writer.Write(arn);
            writer.Write("00123456");
            writer.Write("20261124");
            writer.Write(amount.ToString("D12", CultureInfo.InvariantCulture));
            writer.Write("392");
            writer.Write(amount.ToString("D12", CultureInfo.InvariantCulture));
            writer.Write("392");
            writer.Write("SEVEN MART SHIBUYA       TOKYO        JP5499");
            writer.Write((code ?? "").PadRight(6));
            writer.Write(code is null ? "            " : "432812345678");
            writer.Write("050101        \n");
        }

        writer.Write(string.Create(CultureInfo.InvariantCulture, $"92{count:D9}{debits:D15}{0:D15}").PadRight(168) + "\n");
        return (int)count;
    }

    /// <summary>The seeded card's PAN (BIN 400000).</summary>
    private static string KnownPan(int i) => WithLuhn("400000" + i.ToString("D9", CultureInfo.InvariantCulture));

    /// <summary>A Luhn-valid PAN of another issuer (BIN 510000).</summary>
    private static string UnknownPan(int i) => WithLuhn("510000" + i.ToString("D9", CultureInfo.InvariantCulture));

    private static string WithLuhn(string fifteen) => fifteen + Pool.Modules.Cards.Domain.Luhn.CheckDigit(fifteen);

    private static void ResetPeakRss() => File.WriteAllText("/proc/self/clear_refs", "5");

    /// <summary>A kB figure of /proc/self/status (VmHWM: peak resident since the last reset, VmRSS: resident now).</summary>
    private static long StatusKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static string? TextOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Sums the engine's journal commit metrics (pool.authorization.journal.*) while it lives.</summary>
    private sealed class JournalMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _commits;
        private long _records;
        private long _commitMicroseconds;

        public JournalMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is "pool.authorization.journal.batch_size" or "pool.authorization.journal.commit.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
            {
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _records, value);
            });
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) => Interlocked.Add(ref _commitMicroseconds, (long)(value * 1000)));
            _listener.Start();
        }

        public long Commits => Interlocked.Read(ref _commits);

        public long Records => Interlocked.Read(ref _records);

        public double CommitMs => Interlocked.Read(ref _commitMicroseconds) / 1000.0;

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>
    /// Samples the process every 250 ms while an import runs and keeps the sample with the largest resident set:
    /// anonymous against file-backed pages (/proc/self/status RssAnon, RssFile), and the GC's view then (heap
    /// after the last collection, committed, and the size of each generation), to tell the managed heap from
    /// the rest (native buffers, the runtime, code).
    /// </summary>
    private sealed class MemorySampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _rssKbMax;
        private string _atMax = "no sample";

        public MemorySampler() => _loop = Task.Run(LoopAsync);

        public async Task<string> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return _atMax;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var rssKb = StatusKb("VmRSS:");
                if (rssKb > _rssKbMax)
                {
                    _rssKbMax = rssKb;
                    var info = GC.GetGCMemoryInfo();
                    var generations = string.Join(", ", info.GenerationInfo.ToArray().Select((g, i) => string.Create(CultureInfo.InvariantCulture, $"{(i < 3 ? "gen" + i : i == 3 ? "LOH" : "POH")} {g.SizeAfterBytes / (1 << 20):N0} MB")));
                    _atMax = string.Create(CultureInfo.InvariantCulture,
                        $"resident {rssKb / 1024:N0} MB (anonymous {StatusKb("RssAnon:") / 1024:N0} MB, files {StatusKb("RssFile:") / 1024:N0} MB); GC heap {info.HeapSizeBytes / (1 << 20):N0} MB ({generations}), committed {info.TotalCommittedBytes / (1 << 20):N0} MB, allocated since start {GC.GetTotalAllocatedBytes() / (1 << 20):N0} MB");
                }

                try
                {
                    await Task.Delay(250, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Sums the journal projector's transactions (the <c>authorization.journal.project</c> activity: its duration and
    /// <c>pool.journal.records</c>) while it lives: how long the projection was busy, and at what rate.
    /// </summary>
    private sealed class ProjectionMeter : IDisposable
    {
        private readonly ActivityListener _listener;
        private long _transactions;
        private long _records;
        private long _busyTicks;

        public ProjectionMeter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AuthorizationTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                    options.Name == "authorization.journal.project" ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
                ActivityStopped = activity =>
                {
                    if (activity.OperationName != "authorization.journal.project" || activity.GetTagItem("pool.journal.records") is not int records)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _transactions);
                    Interlocked.Add(ref _records, records);
                    Interlocked.Add(ref _busyTicks, activity.Duration.Ticks);
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public long Transactions => Interlocked.Read(ref _transactions);

        public long Records => Interlocked.Read(ref _records);

        public long BusyMs => Interlocked.Read(ref _busyTicks) / TimeSpan.TicksPerMillisecond;

        public void Dispose() => _listener.Dispose();
    }

    private sealed class Completion : IDecisionCompletion
    {
        private readonly TaskCompletionSource<AuthorizationOutcome> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<AuthorizationOutcome> Task => _source.Task;

        public void OnAnswered(long correlation, in AuthorizationOutcome outcome) => _source.TrySetResult(outcome);
    }

    private sealed class ConsoleProgress(Stopwatch watch) : IProgress<ClearingProgress>
    {
        public void Report(ClearingProgress value) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds,7:F1} s  {value.Phase,-8} {value.Records,12:N0}"));
    }
}
