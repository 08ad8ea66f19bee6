-- Recomputes each paying customer's totals from the payments themselves: running it again
-- assigns the same values.
UPDATE analytics.customer_totals AS t
SET lifetime_value = p.amount,
    payment_count  = p.payments
FROM (
  SELECT customer_id, sum(amount) AS amount, count(*) AS payments
  FROM raw.payments
  WHERE customer_id IN (SELECT customer_id FROM raw.payments WHERE paid_date = '{{ ds }}')
  GROUP BY customer_id
) AS p
WHERE t.customer_id = p.customer_id;
