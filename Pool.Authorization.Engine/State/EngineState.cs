using System.Diagnostics;
using System.Runtime.InteropServices;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// The engine's working state (issue 5): cards by PAN token, accounts, and per partition the open holds
/// and recent answers. Every table is allocated at startup from <see cref="EngineOptions"/>. The bulk
/// load methods (<c>Load…</c>) are called once, single-threaded, before the engine starts — by the SQL
/// loader in production and by tests directly; after that, only partitions change the state, each only
/// its own accounts' rows.
/// </summary>
public sealed class EngineState
{
    private readonly CardState[] _cards;
    private readonly AccountState[] _accounts;
    private readonly InsertOnlyIndex _cardIndexByKey;
    private readonly InsertOnlyIndex _cardIndexById;
    private readonly InsertOnlyIndex _accountIndexById;
    private readonly PartitionState[] _partitions;

    // Adds take turns (a card issued at runtime is added by its account's partition, accounts by the
    // issuing caller); lookups never take it (InsertOnlyIndex publishes each entry safely).
    private readonly Lock _addLock = new();
    private int _cardCount;
    private int _accountCount;

    public EngineState(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _cards = new CardState[options.CardsMax];
        _accounts = new AccountState[options.AccountsMax];
        _cardIndexByKey = new InsertOnlyIndex(options.CardsMax);
        _cardIndexById = new InsertOnlyIndex(options.CardsMax);
        _accountIndexById = new InsertOnlyIndex(options.AccountsMax);
        _partitions = new PartitionState[options.PartitionCount];
        for (var i = 0; i < _partitions.Length; i++)
        {
            _partitions[i] = new PartitionState(options.HoldsPerPartitionMax, options.RecentAnswersPerPartitionMax);
        }
    }

    public EngineOptions Options { get; }

    public int CardCount => Volatile.Read(ref _cardCount);

    public int AccountCount => Volatile.Read(ref _accountCount);

    public int PartitionCount => _partitions.Length;

    internal PartitionState Partition(int index) => _partitions[index];

    internal ref CardState Card(int index)
    {
        Debug.Assert((uint)index < (uint)Volatile.Read(ref _cardCount), "card index in range");
        return ref _cards[index];
    }

    internal ref AccountState Account(int index)
    {
        Debug.Assert((uint)index < (uint)Volatile.Read(ref _accountCount), "account index in range");
        return ref _accounts[index];
    }

    /// <summary>The card table lookup done before routing (any thread; cards are only ever added).</summary>
    internal bool TryGetCardIndex(UInt128 cardKey, out int cardIndex) => _cardIndexByKey.TryGet((ulong)cardKey, (ulong)(cardKey >> 64), out cardIndex);

    internal bool TryGetCardIndexById(long cardId, out int cardIndex) => _cardIndexById.TryGet((ulong)cardId, 0, out cardIndex);

    internal bool TryGetAccountIndexById(long accountId, out int accountIndex) => _accountIndexById.TryGet((ulong)accountId, 0, out accountIndex);

    /// <summary>Account → partition: accounts are spread round-robin in load order.</summary>
    internal int PartitionOfAccount(int accountIndex) => accountIndex % _partitions.Length;

    /// <summary>Requests for unknown cards still go through a partition (their answer is journaled); spread them by key.</summary>
    internal int PartitionOfUnknownCard(UInt128 cardKey) => (int)((ulong)cardKey % (ulong)_partitions.Length);

    /// <summary>The partition a request for <paramref name="cardKey"/> is decided on.</summary>
    public int PartitionOfCardKey(UInt128 cardKey) =>
        TryGetCardIndex(cardKey, out var cardIndex) ? PartitionOfAccount(_cards[cardIndex].AccountIndex) : PartitionOfUnknownCard(cardKey);

    // ---- Bulk load (startup, single-threaded) ----

    /// <summary>Adds a deposit account with its posted balance; holds loaded later add to its held amount.</summary>
    public void LoadAccount(long accountId, long postedMinor)
    {
        switch (TryAddAccount(accountId, postedMinor, out _))
        {
            case StateAddResult.TableFull:
                throw new InvalidOperationException($"More accounts than AccountsMax ({_accounts.Length}).");
            case StateAddResult.Duplicate:
                throw new ArgumentException($"Account {accountId} is loaded twice.", nameof(accountId));
        }
    }

    /// <summary>Adds a card on a loaded account.</summary>
    public void LoadCard(long cardId, UInt128 cardKey, long accountId, CardStatus status, short expiryYymm, in CardControls controls, uint approvalSequence = 0)
    {
        if (!_accountIndexById.TryGet((ulong)accountId, 0, out _))
        {
            throw new ArgumentException($"Card {cardId} names unknown account {accountId}.", nameof(accountId));
        }

        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown card status.");
        }

        switch (TryAddCard(cardId, cardKey, accountId, status, expiryYymm, in controls, approvalSequence))
        {
            case StateAddResult.TableFull:
                throw new InvalidOperationException($"More cards than CardsMax ({_cards.Length}).");
            case StateAddResult.Duplicate or StateAddResult.Conflict:
                throw new ArgumentException($"Card {cardId} or its PAN token is loaded twice.", nameof(cardId));
        }
    }

    /// <summary>
    /// Adds an account while the engine may run (load, or a cardholder's first card issued at runtime).
    /// The row is written and counted before its id is published, so a reader that finds the id finds the row.
    /// </summary>
    internal StateAddResult TryAddAccount(long accountId, long postedMinor, out int accountIndex)
    {
        lock (_addLock)
        {
            if (_accountIndexById.TryGet((ulong)accountId, 0, out accountIndex))
            {
                return StateAddResult.Duplicate;
            }

            if (_accountCount == _accounts.Length)
            {
                accountIndex = -1;
                return StateAddResult.TableFull;
            }

            accountIndex = _accountCount;
            _accounts[accountIndex] = new AccountState { AccountId = accountId, PostedMinor = postedMinor };
            Volatile.Write(ref _accountCount, accountIndex + 1);
            var added = _accountIndexById.TryAdd((ulong)accountId, 0, accountIndex);
            Debug.Assert(added, "the id was absent and the index has room for AccountsMax");
            return StateAddResult.Added;
        }
    }

    /// <summary>
    /// Adds a card on a known account while the engine may run (load, or the card's account's partition
    /// for a card issued at runtime). <see cref="StateAddResult.Duplicate"/>: this very card (id and PAN
    /// token) is already there; <see cref="StateAddResult.Conflict"/>: its id or its token belongs to
    /// another card. The row is written and counted before its keys are published.
    /// </summary>
    internal StateAddResult TryAddCard(long cardId, UInt128 cardKey, long accountId, CardStatus status, short expiryYymm, in CardControls controls, uint approvalSequence)
    {
        lock (_addLock)
        {
            var keyLow = (ulong)cardKey;
            var keyHigh = (ulong)(cardKey >> 64);
            var byId = _cardIndexById.TryGet((ulong)cardId, 0, out var idIndex);
            var byKey = _cardIndexByKey.TryGet(keyLow, keyHigh, out var keyIndex);
            if (byId || byKey)
            {
                return byId && byKey && idIndex == keyIndex ? StateAddResult.Duplicate : StateAddResult.Conflict;
            }

            if (!_accountIndexById.TryGet((ulong)accountId, 0, out var accountIndex))
            {
                return StateAddResult.UnknownAccount;
            }

            if (_cardCount == _cards.Length)
            {
                return StateAddResult.TableFull;
            }

            var cardIndex = _cardCount;
            _cards[cardIndex] = new CardState
            {
                CardId = cardId,
                CardKey = cardKey,
                AccountIndex = accountIndex,
                Status = status,
                ExpiryYymm = expiryYymm,
                Controls = controls,
                ApprovalSequence = approvalSequence,
            };
            Volatile.Write(ref _cardCount, cardIndex + 1);
            var added = _cardIndexById.TryAdd((ulong)cardId, 0, cardIndex) && _cardIndexByKey.TryAdd(keyLow, keyHigh, cardIndex);
            Debug.Assert(added, "id and token were absent and the indexes have room for CardsMax");
            return StateAddResult.Added;
        }
    }

    /// <summary>Sets a loaded card's velocity counters (from the authorization log of the current Tokyo day and month).</summary>
    public void LoadVelocity(long cardId, in CardVelocity velocity)
    {
        Card(RequireCard(cardId)).Velocity = velocity;
    }

    /// <summary>Adds an open hold (a pending transfer) and counts it in its account's held amount.</summary>
    public void LoadHold(in TransactionKey key, in HoldState hold)
    {
        var cardIndex = RequireCard(hold.CardId);
        ref var card = ref Card(cardIndex);
        var partition = _partitions[PartitionOfAccount(card.AccountIndex)];
        if (partition.Holds.Count >= partition.HoldsMax)
        {
            throw new InvalidOperationException($"More holds than HoldsPerPartitionMax ({partition.HoldsMax}).");
        }

        var loaded = hold;
        loaded.CardIndex = cardIndex;
        if (!partition.Holds.TryAdd(key, loaded))
        {
            throw new ArgumentException($"Hold {key} is loaded twice.", nameof(key));
        }

        Account(card.AccountIndex).HeldMinor += hold.AmountMinor;
    }

    /// <summary>Adds a recent answer (for retransmissions after a restart) on the partition of <paramref name="cardKey"/>.</summary>
    public void LoadRecentAnswer(UInt128 cardKey, in AnswerKey key, in RecentAnswer answer)
    {
        _partitions[PartitionOfCardKey(cardKey)].RecentAnswers.Set(key, answer);
    }

    private int RequireCard(long cardId)
    {
        if (!TryGetCardIndexById(cardId, out var cardIndex))
        {
            throw new ArgumentException($"Unknown card {cardId}.", nameof(cardId));
        }

        return cardIndex;
    }

    // ---- Read access for the lead's admin queries and for tests (not the hot path) ----

    /// <summary>Posted, held and available of an account, or false when unknown.</summary>
    public bool TryGetBalance(long accountId, out long postedMinor, out long heldMinor)
    {
        if (!TryGetAccountIndexById(accountId, out var index))
        {
            postedMinor = 0;
            heldMinor = 0;
            return false;
        }

        postedMinor = _accounts[index].PostedMinor;
        heldMinor = _accounts[index].HeldMinor;
        return true;
    }

    public bool TryGetHold(long accountId, in TransactionKey key, out HoldState hold)
    {
        hold = default;
        return TryGetAccountIndexById(accountId, out var index)
            && _partitions[PartitionOfAccount(index)].Holds.TryGetValue(key, out hold);
    }

    public bool TryGetCard(long cardId, out CardStatus status, out CardControls controls, out CardVelocity velocity, out uint approvalSequence)
    {
        if (!TryGetCardIndexById(cardId, out var index))
        {
            status = default;
            controls = default;
            velocity = default;
            approvalSequence = 0;
            return false;
        }

        ref var card = ref _cards[index];
        status = card.Status;
        controls = card.Controls;
        velocity = card.Velocity;
        approvalSequence = card.ApprovalSequence;
        return true;
    }

    /// <summary>A description of everything (tests compare two engines with it; allocates).</summary>
    public EngineStateSnapshot Snapshot()
    {
        var snapshot = new EngineStateSnapshot();
        for (var i = 0; i < _accountCount; i++)
        {
            snapshot.Accounts.Add(_accounts[i].AccountId, (_accounts[i].PostedMinor, _accounts[i].HeldMinor));
        }

        for (var i = 0; i < _cardCount; i++)
        {
            ref var card = ref _cards[i];
            snapshot.Cards.Add(card.CardId, (card.Status, card.Controls, card.Velocity, card.ApprovalSequence));
        }

        foreach (var partition in _partitions)
        {
            foreach (var (key, hold) in partition.Holds)
            {
                snapshot.Holds.Add(key, hold);
            }

            foreach (var (key, answer) in partition.RecentAnswers.Snapshot())
            {
                snapshot.RecentAnswers.Add(key, answer);
            }
        }

        return snapshot;
    }

}
