-- Keeps the order-status table that the customer-service dashboard reads in step with the raw orders.
-- The dashboard is opened a few times a day, but the task was set to run every minute "to be safe".
CREATE OR REPLACE TASK analytics.refresh_order_status
  WAREHOUSE = transform_wh
  SCHEDULE = '1 MINUTE'
AS
  CALL analytics.refresh_order_status();
