-- Runs every hour. Each run re-selects the last three days to pick up corrections, and with no
-- unique_key dbt appends them: every order is in the table about seventy times.
{{ config(materialized='incremental') }}

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
