-- End-of-day account balances. The snapshot date comes from the clock, so a backfill of last
-- Tuesday writes today's date, and a retry after midnight writes the next day.
BEGIN TRANSACTION;

DELETE FROM analytics.balance_snapshots WHERE snapshot_date = '{{ ds }}';

INSERT INTO analytics.balance_snapshots (snapshot_date, account_id, balance)
SELECT current_date, a.account_id, a.balance
FROM raw.accounts AS a;

COMMIT;
