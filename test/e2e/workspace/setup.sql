CREATE TABLE analytics.daily_orders (
  order_date date,
  total numeric
);
