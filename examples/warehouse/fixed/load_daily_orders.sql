-- Daily orders load. Airflow renders {{ ds }} to the run's logical date (YYYY-MM-DD).
-- The day is replaced as a whole, in one transaction: a retry or a backfill rewrites the same rows.
BEGIN TRANSACTION;

DELETE FROM analytics.daily_orders WHERE order_date = '{{ ds }}';

INSERT INTO analytics.daily_orders (order_date, region, order_count, revenue)
SELECT o.order_date, o.region, count(*), sum(o.amount)
FROM raw.orders AS o
WHERE o.order_date = '{{ ds }}'
GROUP BY o.order_date, o.region;

COMMIT;
