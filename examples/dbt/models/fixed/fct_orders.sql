-- Runs every hour. The last three days are re-selected and merged on order_id, so corrections
-- replace the old row instead of adding a copy.
{{ config(materialized='incremental', unique_key='order_id', incremental_strategy='merge') }}

select
    order_id,
    customer_id,
    order_date,
    status,
    amount
from {{ ref('stg_orders') }}
{% if is_incremental() %}
where order_date >= dateadd(day, -3, {{ var('run_date') }})
{% endif %}
