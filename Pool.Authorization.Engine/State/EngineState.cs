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
/// <para>
/// The large tables (cards, accounts, each partition's holds and recent answers) live in native memory
/// (<see cref="NativeTable{T}"/>: 2 MiB-aligned, advised to huge pages on Linux) and are freed by
/// <see cref="Dispose"/>. Dispose only once nothing reads the state any more (the engine stopped and no
/// caller still holds it); a state that is just dropped is freed by the finalizers.
/// </para>
/// </summary>
public sealed class EngineState : IDisposable
{
    private readonly CardTable _cards;
    private readonly NativeTable<AccountState> _accounts;
    private readonly InsertOnlyIndex _cardIndexById;
    private readonly InsertOnlyIndex _accountIndexById;
    private readonly PartitionState[] _partitions;

    // Adds take turns (a card issued at runtime is added by its account's partition, accounts by the
    // issuing caller); lookups never take it (InsertOnlyIndex publishes each entry safely).
    private readonly Lock _addLock = new();
    private int _accountCount;

    public EngineState(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _cards = new CardTable(options.CardsMax, options.AdviseHugePages);
        _accounts = new NativeTable<AccountState>(options.AccountsMax, options.AdviseHugePages);
        _cardIndexById = new InsertOnlyIndex(options.CardsMax, options.AdviseHugePages);
        _accountIndexById = new InsertOnlyIndex(options.AccountsMax, options.AdviseHugePages);
        _partitions = new PartitionState[options.PartitionCount];
        for (var i = 0; i < _partitions.Length; i++)
        {
            _partitions[i] = new PartitionState(options.HoldsPerPartitionMax, options.RecentAnswersPerPartitionMax, options.AdviseHugePages);
        }
    }

    public EngineOptions Options { get; }

    public int CardCount => _cards.Count;

    public int AccountCount => Volatile.Read(ref _accountCount);

    public int PartitionCount => _partitions.Length;

    internal PartitionState Partition(int index) => _partitions[index];

    /// <summary>The card table (prefetching, tests).</summary>
    internal CardTable Cards => _cards;

    /// <summary>The accounts' table (prefetching, tests).</summary>
    internal NativeTable<AccountState> Accounts => _accounts;

    /// <summary>A card's hot row; <paramref name="index"/> is its slot in the card table.</summary>
    internal ref CardState Card(int index)
    {
        ref var card = ref _cards[index];
        Debug.Assert(card.Status != 0, "a card index names a published card");
        return ref card;
    }

    /// <summary>A card's controls (its cold row): read only when <see cref="CardState.HasControls"/> is set, or by commands.</summary>
    internal ref readonly CardControls Controls(int index) => ref _cards.Controls(index);

    /// <summary>Replaces a card's controls (its partition only), keeping <see cref="CardState.HasControls"/> true to them.</summary>
    internal void SetControls(int index, in CardControls controls) => _cards.SetControls(index, in controls);

    internal ref AccountState Account(int index)
    {
        Debug.Assert((uint)index < (uint)Volatile.Read(ref _accountCount), "account index in range");
        return ref _accounts[index];
    }

    /// <summary>The card table lookup done before routing (any thread; cards are only ever added).</summary>
    internal bool TryGetCardIndex(UInt128 cardKey, out int cardIndex) => _cards.TryFind((ulong)cardKey, (ulong)(cardKey >> 64), out cardIndex);

    internal bool TryGetCardIndexById(long cardId, out int cardIndex) => _cardIndexById.TryGet(cardId, out cardIndex);

    internal bool TryGetAccountIndexById(long accountId, out int accountIndex) => _accountIndexById.TryGet(accountId, out accountIndex);

    /// <summary>Account → partition: accounts are spread round-robin in load order.</summary>
    internal int PartitionOfAccount(int accountIndex) => accountIndex % _partitions.Length;

    /// <summary>Requests for unknown cards still go through a partition (their answer is journaled); spread them by key.</summary>
    internal int PartitionOfUnknownCard(UInt128 cardKey) => (int)((ulong)cardKey % (ulong)_partitions.Length);

    /// <summary>The partition a request for <paramref name="cardKey"/> is decided on.</summary>
    public int PartitionOfCardKey(UInt128 cardKey)
    {
        var partition = TryGetCardIndex(cardKey, out var cardIndex) ? PartitionOfAccount(_cards[cardIndex].AccountIndex) : PartitionOfUnknownCard(cardKey);
        // The row was read through a raw pointer: keep the tables reachable until it was (see Dispose).
        GC.KeepAlive(this);
        return partition;
    }

    // ---- Bulk load (startup, single-threaded) ----

    /// <summary>Adds a deposit account with its posted balance; holds loaded later add to its held amount.</summary>
    public void LoadAccount(long accountId, long postedMinor)
    {
        switch (TryAddAccount(accountId, postedMinor, out _))
        {
            case StateAddResult.TableFull:
                throw new InvalidOperationException($"More accounts than AccountsMax ({Options.AccountsMax}).");
            case StateAddResult.Duplicate:
                throw new ArgumentException($"Account {accountId} is loaded twice.", nameof(accountId));
        }
    }

    /// <summary>Adds a card on a loaded account.</summary>
    public void LoadCard(long cardId, UInt128 cardKey, long accountId, CardStatus status, short expiryYymm, in CardControls controls, uint approvalSequence = 0)
    {
        if (!_accountIndexById.TryGet(accountId, out _))
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
                throw new InvalidOperationException($"More cards than CardsMax ({Options.CardsMax}).");
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
            if (_accountIndexById.TryGet(accountId, out accountIndex))
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
            var added = _accountIndexById.TryAdd(accountId, accountIndex);
            Debug.Assert(added, "the id was absent and the index has room for AccountsMax");
            return StateAddResult.Added;
        }
    }

    /// <summary>
    /// Adds a card on a known account while the engine may run (load, or the card's account's partition
    /// for a card issued at runtime). <see cref="StateAddResult.Duplicate"/>: this very card (id and PAN
    /// token) is already there; <see cref="StateAddResult.Conflict"/>: its id or its token belongs to
    /// another card. The row is written before its PAN token is published (<see cref="CardTable"/>), and
    /// its id after, so a reader that finds either finds the whole row.
    /// </summary>
    internal StateAddResult TryAddCard(long cardId, UInt128 cardKey, long accountId, CardStatus status, short expiryYymm, in CardControls controls, uint approvalSequence)
    {
        lock (_addLock)
        {
            var keyLow = (ulong)cardKey;
            var keyHigh = (ulong)(cardKey >> 64);
            var byId = _cardIndexById.TryGet(cardId, out var idIndex);
            var byKey = _cards.TryFind(keyLow, keyHigh, out var keyIndex);
            if (byId || byKey)
            {
                return byId && byKey && idIndex == keyIndex ? StateAddResult.Duplicate : StateAddResult.Conflict;
            }

            if (!_accountIndexById.TryGet(accountId, out var accountIndex))
            {
                return StateAddResult.UnknownAccount;
            }

            var cardIndex = _cards.Add(cardId, keyLow, keyHigh, accountIndex, status, expiryYymm, in controls, approvalSequence);
            if (cardIndex < 0)
            {
                return StateAddResult.TableFull;
            }

            var added = _cardIndexById.TryAdd(cardId, cardIndex);
            Debug.Assert(added, "the id was absent and the index has room for CardsMax");
            return StateAddResult.Added;
        }
    }

    /// <summary>Sets a loaded card's velocity counters (from the authorization log of the current Tokyo day and month).</summary>
    public void LoadVelocity(long cardId, in CardVelocity velocity)
    {
        Card(RequireCard(cardId)).Velocity = velocity;
        GC.KeepAlive(this);
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
        if (!partition.Holds.TryAdd(in key, in loaded))
        {
            throw new ArgumentException($"Hold {key} is loaded twice.", nameof(key));
        }

        Account(card.AccountIndex).HeldMinor += hold.AmountMinor;
        GC.KeepAlive(this);
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

        ref var account = ref _accounts[index];
        postedMinor = account.PostedMinor;
        heldMinor = account.HeldMinor;
        GC.KeepAlive(this);
        return true;
    }

    public bool TryGetHold(long accountId, in TransactionKey key, out HoldState hold)
    {
        hold = default;
        var found = TryGetAccountIndexById(accountId, out var index)
            && _partitions[PartitionOfAccount(index)].Holds.TryGetValue(in key, out hold);
        GC.KeepAlive(this);
        return found;
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
        controls = _cards.Controls(index);
        velocity = card.Velocity;
        approvalSequence = card.ApprovalSequence;
        GC.KeepAlive(this);
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

        var cards = _cards.Count;
        for (var i = 0; i < cards; i++)
        {
            var slot = _cards.SlotOfOrdinal(i);
            ref var card = ref _cards[slot];
            snapshot.Cards.Add(card.CardId, (card.Status, _cards.Controls(slot), card.Velocity, card.ApprovalSequence));
        }

        foreach (var partition in _partitions)
        {
            foreach (var (key, hold) in partition.Holds.ToList())
            {
                snapshot.Holds.Add(key, hold);
            }

            foreach (var (key, answer) in partition.RecentAnswers.Snapshot())
            {
                snapshot.RecentAnswers.Add(key, answer);
            }
        }

        GC.KeepAlive(this);
        return snapshot;
    }

    /// <summary>Frees the native tables. Only once nothing reads this state any more (see the class comment).</summary>
    public void Dispose()
    {
        _cards.Dispose();
        _accounts.Dispose();
        _cardIndexById.Dispose();
        _accountIndexById.Dispose();
        foreach (var partition in _partitions)
        {
            partition.Dispose();
        }
    }
}
