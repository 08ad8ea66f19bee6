-- One-off backfill, run by hand.
INSERT INTO analytics.orders_archive
SELECT * FROM raw.orders WHERE order_date < '2024-01-01';
