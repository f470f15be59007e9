using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Npgsql;
using Pool.Authorization.Engine.Codec;
using Pool.Benchmarks.Load;
using Pool.Host.Database;

namespace Pool.Benchmarks.Baseline;

/// <summary>
/// The design a team would build instead of Pool's engine, behind the same link: a TCP server with the
/// same framing and codec that, per authorization, runs one PostgreSQL transaction — lock the account row
/// (<c>SELECT … FOR UPDATE</c>), check, insert the authorization (the hold), raise the account's held
/// amount, <c>COMMIT</c> — and answers only after the commit, so it is as durable as Pool. Given a fair
/// chance: a pooled <see cref="NpgsqlDataSource"/> (<c>--baseline-pool</c> connections, which is also how
/// many requests it works on at once; more wait for a connection), prepared statements
/// (<c>Max Auto Prepare</c>), pipelined requests on every connection, and answers batched per write.
/// </summary>
internal sealed partial class BaselineServer : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private Task? _accepting;
    private long _approvalSequence;

    private BaselineServer(NpgsqlDataSource dataSource, TcpListener listener, LoadCard[] cards, string description)
    {
        _dataSource = dataSource;
        _listener = listener;
        Cards = cards;
        Description = description;
    }

    public LoadCard[] Cards { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Description { get; }

    public static async Task<BaselineServer> StartAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var connectionString = options.Database;
        if (connectionString is null)
        {
            var directory = options.PostgresStateDirectory ?? throw new ArgumentException("The baseline needs --database CONNSTRING or --pg-state-dir DIR (a host's state directory, whose embedded PostgreSQL it shares).");
            // Reuses the server the host started there; not disposed, so it is never stopped from here.
            var cluster = await PostgresCluster.StartAsync(directory, cancellationToken);
            connectionString = cluster.ConnectionString("pool");
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = options.BaselinePool;
        builder.ConnectionStringBuilder.MinPoolSize = options.BaselinePool;
        builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.ConnectionStringBuilder.Timeout = 30;
        var dataSource = builder.Build();
        var cards = await BaselineSchema.CreateAndSeedAsync(dataSource, options.Cards, options.DepositMinor, cancellationToken);
        var listener = new TcpListener(IPAddress.Loopback, options.Port);
        listener.Start(backlog: 64);
        var server = new BaselineServer(dataSource, listener, cards,
            $"one PostgreSQL transaction per authorization (SELECT … FOR UPDATE, INSERT, UPDATE, COMMIT), pool {options.BaselinePool} connections, Max Auto Prepare 32");
        server._accepting = server.AcceptLoopAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(_connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _dataSource.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    /// <summary>Reads frames, starts each request's transaction without waiting for earlier ones (pipelining), writes answers as they commit.</summary>
    private async Task ServeAsync(Socket socket)
    {
        using var owned = socket;
        var answers = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        var writing = WriteLoopAsync(socket, answers.Reader);
        var buffer = new byte[256 * 1024];
        var filled = 0;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var consumed = 0;
                while (filled - consumed >= 2)
                {
                    var length = (buffer[consumed] << 8) | buffer[consumed + 1];
                    if (filled - consumed < 2 + length)
                    {
                        break;
                    }

                    if (length > 0)
                    {
                        var frame = buffer.AsSpan(consumed + 2, length).ToArray();
                        _ = HandleAsync(frame, answers.Writer);
                    }

                    consumed += 2 + length;
                }

                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The network hung up or the server is stopping.
        }
        finally
        {
            answers.Writer.TryComplete();
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task WriteLoopAsync(Socket socket, ChannelReader<byte[]> answers)
    {
        var batch = new ArrayBufferWriter<byte>(64 * 1024);
        while (await answers.WaitToReadAsync())
        {
            while (batch.WrittenCount < 60 * 1024 && answers.TryRead(out var answer))
            {
                batch.Write(answer);
            }

            await socket.SendAsync(batch.WrittenMemory, SocketFlags.None);
            batch.ResetWrittenCount();
        }
    }

    private async Task HandleAsync(byte[] frame, ChannelWriter<byte[]> answers)
    {
        if (!IsoMessageReader.TryRead(frame, IsoDialects.PoolLink, out var request, out _))
        {
            return;
        }

        Decision decision;
        try
        {
            decision = request.Mti switch
            {
                800 => new Decision("00", 0, false),
                100 or 120 => await AuthorizeAsync(frame, request, advice: request.Mti == 120),
                400 or 420 => await ReverseAsync(frame, request),
                _ => new Decision("12", 0, false),
            };
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Could not decide or record in time: issuer unavailable (link spec §6), nothing committed.
            decision = new Decision("91", 0, false);
        }

        answers.TryWrite(BaselineAnswer.Write(frame, request, decision, Interlocked.Increment(ref _approvalSequence)));
    }

    private static string Text(byte[] frame, in IsoMessage request, int field) =>
        request.TryGetField(frame, field, out var value) ? Encoding.ASCII.GetString(value) : "";
}
