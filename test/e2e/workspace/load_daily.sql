-- Nightly load of the order totals into the reporting table.
INSERT INTO analytics.daily_orders
SELECT order_date, sum(total) AS total
FROM raw.orders
GROUP BY order_date;
