-- End-of-day account balances, dated by the run's logical date.
BEGIN TRANSACTION;

DELETE FROM analytics.balance_snapshots WHERE snapshot_date = '{{ ds }}';

INSERT INTO analytics.balance_snapshots (snapshot_date, account_id, balance, loaded_at)
SELECT '{{ ds }}', a.account_id, a.balance, current_timestamp
FROM raw.accounts AS a;

COMMIT;
