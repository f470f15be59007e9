using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Persistence;

namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// Verifies the ledger's invariants over the whole database in one REPEATABLE READ snapshot, so that
/// accounts and transfers are seen at the same instant while batches go on writing.
/// </summary>
internal sealed class LedgerCheck(NpgsqlDataSource dataSource, TimeProvider time, ILogger<LedgerCheck> logger) : ILedgerCheck
{
    /// <summary>Most findings reported per rule; a broken ledger could otherwise fill memory with them.</summary>
    public const int FindingsPerRuleMax = 100;

    private const string ZeroSumSql = """
        SELECT coalesce(sum(debits_posted - credits_posted), 0)::bigint AS Posted,
               coalesce(sum(debits_pending - credits_pending), 0)::bigint AS Pending,
               count(*)::int AS Accounts
        FROM ledger.accounts
        """;

    // An account's balances as its transfers say: a single or a post moves posted balances; a pending moves
    // pending balances until a post or void names it (posts and voids carry the pending transfer's accounts).
    private const string BalancesSql = """
        WITH movements AS (
            SELECT t.debit_account_id AS account_id,
                   CASE WHEN t.kind = 2 AND r.id IS NULL THEN t.amount ELSE 0 END AS debits_pending,
                   CASE WHEN t.kind IN (1, 3) THEN t.amount ELSE 0 END AS debits_posted,
                   0::bigint AS credits_pending,
                   0::bigint AS credits_posted
            FROM ledger.transfers t LEFT JOIN ledger.transfers r ON r.pending_id = t.id
            UNION ALL
            SELECT t.credit_account_id,
                   0, 0,
                   CASE WHEN t.kind = 2 AND r.id IS NULL THEN t.amount ELSE 0 END,
                   CASE WHEN t.kind IN (1, 3) THEN t.amount ELSE 0 END
            FROM ledger.transfers t LEFT JOIN ledger.transfers r ON r.pending_id = t.id
        ),
        sums AS (
            SELECT account_id, sum(debits_pending)::bigint AS dp, sum(debits_posted)::bigint AS dpo,
                   sum(credits_pending)::bigint AS cp, sum(credits_posted)::bigint AS cpo
            FROM movements GROUP BY account_id
        )
        SELECT a.id AS AccountId,
               a.debits_pending AS DebitsPending, coalesce(s.dp, 0) AS TransfersDebitsPending,
               a.debits_posted AS DebitsPosted, coalesce(s.dpo, 0) AS TransfersDebitsPosted,
               a.credits_pending AS CreditsPending, coalesce(s.cp, 0) AS TransfersCreditsPending,
               a.credits_posted AS CreditsPosted, coalesce(s.cpo, 0) AS TransfersCreditsPosted
        FROM ledger.accounts a LEFT JOIN sums s ON s.account_id = a.id
        WHERE (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted)
              IS DISTINCT FROM (coalesce(s.dp, 0), coalesce(s.dpo, 0), coalesce(s.cp, 0), coalesce(s.cpo, 0))
        ORDER BY a.id
        LIMIT @limit
        """;

    // The unique index makes this impossible; the check still looks, in case the index were ever dropped.
    // A post or void must also name a pending transfer with its accounts, and a post must not exceed it.
    private const string ResolutionsSql = """
        SELECT r.pending_id AS TransferId, count(*)::int AS Resolutions,
               bool_or(p.kind <> 2 OR p.debit_account_id <> r.debit_account_id OR p.credit_account_id <> r.credit_account_id
                       OR (r.kind = 3 AND r.amount > p.amount) OR (r.kind = 4 AND r.amount <> p.amount)) AS Mismatched
        FROM ledger.transfers r JOIN ledger.transfers p ON p.id = r.pending_id
        GROUP BY r.pending_id
        HAVING count(*) > 1
            OR bool_or(p.kind <> 2 OR p.debit_account_id <> r.debit_account_id OR p.credit_account_id <> r.credit_account_id
                       OR (r.kind = 3 AND r.amount > p.amount) OR (r.kind = 4 AND r.amount <> p.amount))
        ORDER BY r.pending_id
        LIMIT @limit
        """;

    public async Task<LedgerCheckReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var findings = new List<LedgerFinding>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var zero = await connection.QuerySingleAsync<ZeroSumRow>(new CommandDefinition(ZeroSumSql, transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0));
        if (zero.Posted != 0 || zero.Pending != 0)
        {
            findings.Add(new LedgerFinding("zero-sum", null, null, $"The accounts' debits minus credits sum to {zero.Posted} posted and {zero.Pending} pending, not zero."));
        }

        var mismatches = await connection.QueryAsync<BalanceMismatchRow>(new CommandDefinition(BalancesSql, new { limit = FindingsPerRuleMax }, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        foreach (var row in mismatches)
        {
            findings.Add(new LedgerFinding("balance-equals-transfers", row.AccountId, null,
                $"Account holds debits {row.DebitsPending} pending / {row.DebitsPosted} posted, credits {row.CreditsPending} pending / {row.CreditsPosted} posted; "
                + $"its transfers sum to debits {row.TransfersDebitsPending} / {row.TransfersDebitsPosted}, credits {row.TransfersCreditsPending} / {row.TransfersCreditsPosted}."));
        }

        var resolutions = await connection.QueryAsync<ResolutionRow>(new CommandDefinition(ResolutionsSql, new { limit = FindingsPerRuleMax }, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        foreach (var row in resolutions)
        {
            findings.Add(new LedgerFinding("pending-resolved-once", null, row.TransferId,
                row.Mismatched ? "A post or void does not match its pending transfer." : $"The pending transfer was posted or voided {row.Resolutions} times."));
        }

        var transfers = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM ledger.transfers", transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0));
        await transaction.CommitAsync(cancellationToken);

        foreach (var finding in findings)
        {
            LedgerLog.CheckFinding(logger, finding.Rule, finding.AccountId, finding.TransferId, finding.Detail);
        }

        LedgerLog.CheckCompleted(logger, zero.Accounts, transfers, findings.Count, time.GetElapsedTime(started).TotalMilliseconds);
        return new LedgerCheckReport(zero.Accounts, transfers, findings);
    }
}
