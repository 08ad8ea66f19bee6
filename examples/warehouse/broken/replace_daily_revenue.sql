-- Rebuilds one day of revenue per product. Two separate commits: dashboards that query between them
-- see a day with no revenue, and a failure after the DELETE leaves the day empty until someone notices.
DELETE FROM analytics.daily_product_revenue WHERE order_date = '{{ ds }}';

INSERT INTO analytics.daily_product_revenue (order_date, product_id, revenue)
SELECT li.order_date, li.product_id, sum(li.quantity * li.unit_price)
FROM raw.order_lines AS li
WHERE li.order_date = '{{ ds }}'
GROUP BY li.order_date, li.product_id;
