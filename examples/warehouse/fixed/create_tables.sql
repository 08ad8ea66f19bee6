-- Run by the scheduler before every load, so the warehouse can be rebuilt from scratch.
CREATE SCHEMA IF NOT EXISTS analytics;

CREATE TABLE IF NOT EXISTS analytics.daily_orders (
  order_date   date          NOT NULL,
  region       varchar(32)   NOT NULL,
  order_count  integer       NOT NULL,
  revenue      number(18, 2) NOT NULL
);

CREATE OR REPLACE VIEW analytics.v_revenue_by_region AS
SELECT region, sum(revenue) AS revenue
FROM analytics.daily_orders
GROUP BY region;
