using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Ledger.Contracts;
using ContractCardControls = Pool.Modules.Cards.Contracts.CardControls;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Rebuilds <see cref="EngineState"/> from PostgreSQL (docs/engine.md "State loading"), under the lease so
/// nothing commits meanwhile, with the tables read in parallel:
/// accounts with their posted balance from the ledger (by account id, which fixes the partitions);
/// cards from Cards in issue order, with status and controls from <c>card_state</c> where the engine
/// journaled a change (it did so before Cards committed it), otherwise from Cards; velocity and approval
/// sequences from <c>card_state</c>; open holds from <c>holds</c>; recent answers from the newest
/// authorization log rows, oldest first, so the engine's table evicts as it did.
/// </summary>
internal sealed class EngineStateLoader(
    NpgsqlDataSource dataSource,
    IServiceProvider services,
    ILedgerAccounts accounts,
    IOptions<EngineHostOptions> hostOptions,
    ILogger<EngineStateLoader> logger)
{
    public async Task<LoadedState> LoadAsync(EngineOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // Resolved here, not injected: the link's handler (built when Kestrel is configured, even by host
        // verbs that never start it) reaches this loader, and the directory needs the vault's keys.
        var cards = services.GetRequiredService<ICardDirectory>();

        // Every table is read at once, each on its own connection (PostgreSQL works on one core while this
        // process parses on the other); the state is filled in order as the reads complete: accounts first
        // (they fix the partitions), then cards, holds and recent answers.
        var readMs = new long[5];
        var accountsRead = Timed(() => ToListAsync(accounts.ReadDepositAccountsAsync(cancellationToken)), readMs, 0, started, cancellationToken);
        var cardStatesRead = Timed(() => ReadCardStatesAsync(cancellationToken), readMs, 1, started, cancellationToken);
        var cardsRead = Timed(() => ReadCardsAsync(cards, cancellationToken), readMs, 2, started, cancellationToken);
        var holdsRead = Timed(() => HoldStore.ReadOpenAsync(dataSource, cancellationToken), readMs, 3, started, cancellationToken);
        var answersRead = Timed(() => ReadRecentAnswersAsync(cancellationToken), readMs, 4, started, cancellationToken);
        try
        {
            var state = new EngineState(options);
            var depositAccounts = await accountsRead;
            var ledgerHeld = new Dictionary<long, long>(depositAccounts.Count);
            var accountByCardholder = new Dictionary<string, long>(depositAccounts.Count, StringComparer.Ordinal);
            foreach (var account in depositAccounts)
            {
                state.LoadAccount(account.AccountId, account.PostedMinor);
                ledgerHeld[account.AccountId] = account.HeldMinor;
                accountByCardholder[account.CardholderId] = account.AccountId;
            }

            depositAccounts = null;
            var cardStates = await cardStatesRead;
            var loadedCards = await cardsRead;
            var catalogCards = new List<CatalogCard>(loadedCards.Count);
            // Most cards have the default controls, shared by reference: map them once.
            var defaultControls = CardMapping.Controls(ContractCardControls.Default);
            foreach (var card in loadedCards)
            {
                if (!accountByCardholder.TryGetValue(card.CardholderId, out var accountId))
                {
                    AuthorizationLog.CardWithoutAccount(logger, card.CardId, card.CardholderId);
                    continue;
                }

                cardStates.TryGetValue(card.Number, out var stored);
                var status = stored?.Status ?? CardMapping.Status(card.Status);
                var controls = stored?.Controls
                    ?? (ReferenceEquals(card.Controls, ContractCardControls.Default) ? defaultControls : CardMapping.Controls(card.Controls));
                state.LoadCard(card.Number, card.CardKey, accountId, status, card.ExpiryYymm, in controls, stored?.ApprovalSequence ?? 0);
                if (stored is not null)
                {
                    state.LoadVelocity(card.Number, stored.Velocity);
                }

                catalogCards.Add(new CatalogCard(card.Number, card.CardId, card.CardholderId, accountId));
            }

            loadedCards = null;
            var holds = await holdsRead;
            var heldByAccount = new Dictionary<long, long>();
            foreach (var (key, accountId, hold) in holds)
            {
                state.LoadHold(in key, in hold);
                heldByAccount[accountId] = heldByAccount.GetValueOrDefault(accountId) + hold.AmountMinor;
            }

            CheckHeld(ledgerHeld, heldByAccount);
            var answers = await answersRead;
            foreach (var (cardKey, answerKey, answer) in answers)
            {
                state.LoadRecentAnswer(cardKey, in answerKey, in answer);
            }

            var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            AuthorizationLog.StateRead(logger, readMs[0], readMs[2], readMs[1], readMs[3], readMs[4], elapsedMs);
            return new LoadedState(state, new CardCatalog(catalogCards, accountByCardholder), holds.Count, answers.Count, elapsedMs);
        }
        finally
        {
            // A failed load leaves no read running against a connection nobody disposes.
            await Task.WhenAll(accountsRead, cardStatesRead, cardsRead, holdsRead, answersRead).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Runs one read on the thread pool and notes when it finished (ms since the load started).</summary>
    private static Task<T> Timed<T>(Func<Task<T>> read, long[] finishedMs, int slot, long started, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                var result = await read();
                finishedMs[slot] = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                return result;
            },
            cancellationToken);

    /// <summary>The cards through the Cards module's bulk read (binary COPY of the engine's columns).</summary>
    private static async Task<List<LoadedCard>> ReadCardsAsync(ICardDirectory cards, CancellationToken cancellationToken)
    {
        var list = new LoadedCardList();
        await cards.ReadForEngineAsync(list, cancellationToken);
        return list.Cards;
    }

    private async Task<Dictionary<long, StoredCardState>> ReadCardStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CardStateStore.ReadAllAsync(connection, cancellationToken);
    }

    private async Task<List<(UInt128 CardKey, AnswerKey Key, RecentAnswer Answer)>> ReadRecentAnswersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ToListAsync(RecentAnswerStore.ReadAsync(connection, hostOptions.Value.RecentAnswersLoadedMax, cancellationToken));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>The holds table and the ledger's pending debits are written in one transaction, so they agree; a difference is logged, not fixed.</summary>
    private void CheckHeld(Dictionary<long, long> ledgerHeld, Dictionary<long, long> heldByAccount)
    {
        foreach (var (accountId, ledgerHeldMinor) in ledgerHeld)
        {
            var holdsMinor = heldByAccount.GetValueOrDefault(accountId);
            if (holdsMinor != ledgerHeldMinor)
            {
                AuthorizationLog.HeldMismatch(logger, accountId, holdsMinor, ledgerHeldMinor);
            }
        }
    }
}

/// <summary>A loaded state with the ids behind it and what was loaded.</summary>
internal sealed record LoadedState(EngineState State, CardCatalog Catalog, int Holds, int RecentAnswers, long ElapsedMs);
