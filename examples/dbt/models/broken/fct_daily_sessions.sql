-- Sessions per day. The window is computed from the clock when the model runs, so a rerun of last
-- week's job, or a run that starts after midnight, rebuilds the wrong days.
{{ config(materialized='incremental', unique_key=['session_date', 'channel']) }}

select
    session_date,
    channel,
    count(*) as sessions
from {{ ref('stg_sessions') }}
{% if is_incremental() %}
where session_date >= current_date - 2
{% endif %}
group by session_date, channel
