-- Rebuilds one day of revenue per product. Readers see the old day or the new one, never an empty day.
BEGIN TRANSACTION;

DELETE FROM analytics.daily_product_revenue WHERE order_date = '{{ ds }}';

INSERT INTO analytics.daily_product_revenue (order_date, product_id, revenue)
SELECT li.order_date, li.product_id, sum(li.quantity * li.unit_price)
FROM raw.order_lines AS li
WHERE li.order_date = '{{ ds }}'
GROUP BY li.order_date, li.product_id;

COMMIT;
