-- Page views from the mobile apps. A six-hour lookback re-reads the recent past, so events that
-- arrive late are still loaded; the unique_key turns the overlap into updates, not duplicates.
{{ config(materialized='incremental', unique_key='page_view_id') }}

select
    page_view_id,
    user_id,
    page_path,
    viewed_at
from {{ ref('stg_page_views') }}
{% if is_incremental() %}
where viewed_at > (select dateadd(hour, -6, max(viewed_at)) from {{ this }})
{% endif %}
