-- Sessions per day. The window comes from the run's date variable, so reruns and backfills
-- rebuild exactly the days they were asked for.
{{ config(materialized='incremental', unique_key=['session_date', 'channel']) }}

select
    session_date,
    channel,
    count(*) as sessions
from {{ ref('stg_sessions') }}
{% if is_incremental() %}
where session_date >= dateadd(day, -2, {{ var('run_date') }})
{% endif %}
group by session_date, channel
