-- Page views from the mobile apps. Phones buffer events offline and send them hours later; those
-- events carry an older viewed_at than rows already loaded, so this filter skips them for good.
{{ config(materialized='incremental', unique_key='page_view_id') }}

select
    page_view_id,
    user_id,
    page_path,
    viewed_at
from {{ ref('stg_page_views') }}
{% if is_incremental() %}
where viewed_at > (select max(viewed_at) from {{ this }})
{% endif %}
