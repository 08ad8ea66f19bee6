-- Sessions per day. The window is computed from the clock on every build, full refresh included, so a
-- rebuild or a backfill can never read more than the last two days, and a rerun of last week's job
-- rebuilds this week's days instead.
{{ config(materialized='incremental', unique_key=['session_date', 'channel']) }}

select
    session_date,
    channel,
    count(*) as sessions
from {{ ref('stg_sessions') }}
where session_date >= current_date - 2
group by session_date, channel
