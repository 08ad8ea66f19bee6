-- Keeps the order-status table that the customer-service dashboard reads in step with the raw orders.
-- The dashboard is opened a few times a day: refreshing it hourly during the working day is fresh enough,
-- and the warehouse can suspend the rest of the time.
CREATE OR REPLACE TASK analytics.refresh_order_status
  WAREHOUSE = transform_wh
  SCHEDULE = 'USING CRON 0 7-19 * * * Europe/Berlin'
AS
  CALL analytics.refresh_order_status();
