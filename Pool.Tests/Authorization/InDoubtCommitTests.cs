using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Tests.Authorization;

/// <summary>
/// docs/engine.md "In-doubt commit": a journal commit whose answer is lost is settled by the journal itself
/// (is the batch's row there, once the session's server process is gone) before anything is answered, so
/// memory and database never disagree.
/// </summary>
[TestFixture]
public sealed class InDoubtCommitTests
{
    private const int CommitBudgetMs = 500;
    private EngineHostHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await EngineHostHarness.StartOnNewDatabaseAsync(
        nameof(InDoubtCommitTests),
        new Dictionary<string, string?> { ["Authorization:Engine:CommitBudgetMs"] = CommitBudgetMs.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [TearDown]
    public void ClearFailpoint() => Committer.ExecuteFailpoint = null;

    private PostgresJournalCommitter Committer => _harness.Host.Services.GetRequiredService<PostgresJournalCommitter>();

    /// <summary>Arms <paramref name="execute"/> for the next journal commit only (it runs instead of the INSERT, which commits itself).</summary>
    private void ArmOnce(Func<NpgsqlCommand, CancellationToken, Task<object?>> execute)
    {
        var armed = 1;
        Committer.ExecuteFailpoint = (command, token) =>
            Interlocked.Exchange(ref armed, 0) == 1 ? execute(command, token) : command.ExecuteScalarAsync(token);
    }

    private Task<long> DurableHoldsAsync(TransactionKey key) => _harness.ScalarAsync(
        $"SELECT count(*) FROM \"authorization\".holds WHERE acquirer_id = {key.De32AcquirerId} AND stan = {key.De11Stan} AND transmitted_at = {key.De7TransmissionDateTime} AND state = 1");

    /// <summary>Journal rows not yet projected, read without waiting for the projection.</summary>
    private async Task<long> JournalRowsAsync()
    {
        await using var connection = new NpgsqlConnection(_harness.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM \"authorization\".journal", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private long AccountOf(TestCard card) => _harness.EngineHost.Catalog.TryGetAccount(card.CardholderId, out var account) ? account : 0;

    [Test]
    public async Task CommitDurable_ButItsAnswerLost_IsApproved()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var key = EngineHostHarness.NextKey();
        var engine = _harness.Engine;
        ArmOnce(async (command, token) =>
        {
            await command.ExecuteScalarAsync(token);
            throw new NpgsqlException("failpoint: the connection broke after the commit reached the server");
        });

        var outcome = await _harness.DecideAsync(_harness.Purchase(card, 1_000, key));

        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved), "the journal holds the batch");
        Assert.That(await DurableHoldsAsync(key), Is.EqualTo(1));
        Assert.That(engine.State.TryGetHold(AccountOf(card), key, out var hold) ? hold.AmountMinor : 0, Is.EqualTo(1_000));
        Assert.That(_harness.Engine, Is.SameAs(engine), "settled without a reload");
    }

    [Test]
    public async Task CommitNeverReachedTheServer_IsAnswered91_AndUndone()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var key = EngineHostHarness.NextKey();
        ArmOnce((_, _) => throw new NpgsqlException("failpoint: the connection broke before the statement was sent"));

        var outcome = await _harness.DecideAsync(_harness.Purchase(card, 1_000, key));

        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable), "the journal does not hold the batch");
        Assert.That(await DurableHoldsAsync(key), Is.Zero);
        Assert.That(_harness.Engine.State.TryGetHold(AccountOf(card), key, out _), Is.False, "undone in memory too");
        Assert.That((await _harness.DecideAsync(_harness.Purchase(card, 1_000))).ResponseCode, Is.EqualTo(ResponseCode.Approved), "the journal serves on");
    }

    [Test]
    public async Task CommitDurable_AfterTheEngineGaveUp_FencesTheEngine_WhichReloadsTheDurableHold()
    {
        var card = await _harness.NewCardAsync(depositMinor: 10_000);
        var key = EngineHostHarness.NextKey();
        var engine = _harness.Engine;
        ArmOnce(async (command, _) =>
        {
            await command.ExecuteScalarAsync(CancellationToken.None);
            // The answer arrives after the budget: the engine has answered 91 and undone the batch.
            await Task.Delay(CommitBudgetMs * 3);
            throw new NpgsqlException("failpoint: the commit's answer came too late");
        });

        var outcome = await _harness.DecideAsync(_harness.Purchase(card, 1_000, key));

        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable));
        // Durable in the journal (the fenced engine's projector cannot project it; the next holder does).
        await EngineHostHarness.WaitUntilAsync(async () => await JournalRowsAsync() >= 1, "the late COMMIT to be durable");
        // The fenced engine's next commit is rejected; the host then loads the durable state again.
        await EngineHostHarness.WaitUntilAsync(
            async () =>
            {
                if (_harness.EngineHost.Engine is { } current && !ReferenceEquals(current, engine))
                {
                    return true;
                }

                try
                {
                    // Any commit will do: it meets the bumped epoch.
                    await _harness.DecideAsync(_harness.Purchase(card, 1));
                }
                catch (InvalidOperationException)
                {
                    // No engine published at this moment (being deposed or loading): look again.
                }

                return false;
            },
            "a reloaded engine");
        await EngineHostHarness.WaitUntilAsync(() => Task.FromResult(_harness.EngineHost.Engine is { IsAccepting: true }), "the reloaded engine to accept");
        Assert.That(await DurableHoldsAsync(key), Is.EqualTo(1), "the new holder projected the late batch");
        Assert.That(_harness.Engine.State.TryGetHold(AccountOf(card), key, out var hold) ? hold.AmountMinor : 0, Is.EqualTo(1_000), "memory agrees with the database again");
    }
}
