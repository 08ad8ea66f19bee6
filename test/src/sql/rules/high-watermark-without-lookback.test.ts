import rule from '@pipelint/engine/internal/sql/rules/high-watermark-without-lookback/index.js';
import { testRule } from './tester.js';

const MODEL = 'models/fct_events.sql';

function model(filter: string): string {
  return `{{ config(materialized='incremental', unique_key='event_id') }}\nselect * from {{ ref('stg_events') }}\n{% if is_incremental() %}\n${filter}\n{% endif %}\n`;
}

testRule(rule, {
  valid: [
    {
      name: 'a CTE maximum of the target joined in, with a lookback in the CTE',
      filename: MODEL,
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental', unique_key='event_id') }}
        with latest as (
          select source_system, dateadd(hour, -3, max(event_ts)) as max_ts from {{ this }} group by source_system
        )
        select e.* from {{ ref('stg_events') }} e
        left join latest l on l.source_system = e.source_system
        where l.max_ts is null or e.event_ts > l.max_ts
      `,
    },
    {
      name: 'a CTE maximum of another table is no watermark',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental', unique_key='event_id') }}
        with latest as (select max(event_ts) as max_ts from {{ ref('other') }})
        select e.* from {{ ref('stg_events') }} e cross join latest l
        where e.event_ts > l.max_ts
      `,
    },
    { name: 'a >= on a value cast to a date re-reads the last day', filename: MODEL, code: model(`where cast(event_ts as date) >= (select max(event_day) from {{ this }})`) },
    { name: 'a >= on a value truncated to the month re-reads the last month', filename: MODEL, dialect: 'bigquery', code: model(`where date_trunc(event_day, month) >= (select max(event_month) from {{ this }})`) },
    { name: "a watermark on the upstream model's run stamp", filename: MODEL, dialect: 'snowflake', code: model(`where modified_timestamp > (select max(modified_timestamp) from {{ this }})`) },
    { name: "a watermark on a loader's stamp", filename: MODEL, code: model(`where _sdc_batched_at > (select max(_sdc_batched_at) from {{ this }})`) },
    { name: 'a disabled model', filename: MODEL, code: `{{ config(materialized='incremental', enabled=false) }}\nselect * from {{ ref('stg_events') }}\nwhere event_ts > (select max(event_ts) from {{ this }})\n` },
    { name: 'a once-a-day snapshot guard on the clock', filename: MODEL, code: model(`where current_date > (select max(snapshot_date) from {{ this }})`) },
    { name: 'an incremental branch switched off with 1 = 0', filename: MODEL, code: model(`where 1 = 1 and 1 = 0 and event_ts > (select max(event_ts) from {{ this }})`) },
    { name: 'an interval subtracted inside the subquery', filename: MODEL, code: model(`where event_ts > (select max(event_ts) - interval '3 hours' from {{ this }})`) },
    { name: 'Snowflake dateadd', filename: MODEL, dialect: 'snowflake', code: model(`where event_ts > (select dateadd(hour, -3, max(event_ts)) from {{ this }})`) },
    { name: 'an interval subtracted after the subquery', filename: MODEL, code: model(`where event_ts > (select max(event_ts) from {{ this }}) - interval '1 day'`) },
    { name: 'BigQuery timestamp_sub', filename: MODEL, dialect: 'bigquery', code: model(`where event_ts > (select timestamp_sub(max(event_ts), interval 3 hour) from {{ this }})`) },
    { name: '>= on a date column re-reads the last day', filename: MODEL, code: model(`where event_date >= (select max(event_date) from {{ this }})`) },
    { name: '>= on a ::date cast re-reads the last day', filename: MODEL, dialect: 'postgres', code: model(`where event_ts::date >= (select max(event_ts)::date from {{ this }})`) },
    { name: 'a maximum read from another table', filename: MODEL, code: model(`where event_ts > (select max(loaded_until) from etl.watermarks)`) },
    {
      name: 'an INSERT whose watermark reads a different table',
      code: `
        INSERT INTO analytics.events
        SELECT * FROM raw.events WHERE event_ts > (SELECT max(event_ts) FROM raw.events_archive);
      `,
    },
  ],
  invalid: [
    {
      name: 'a per-source maximum computed in a CTE over the target and joined in',
      filename: MODEL,
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental', unique_key='event_id') }}
        with latest as (
          select source_system, max(event_ts) as max_ts from {{ this }} group by source_system
        )
        select e.* from {{ ref('stg_events') }} e
        left join latest as l on l.source_system = e.source_system
        where l.max_ts is null or e.event_ts > l.max_ts
      `,
      errors: [{ messageId: 'noLookback', line: 7, column: 27, endColumn: 48, message: 'This filter loads only rows whose e.event_ts is after the latest one already in {{ this }}: a row that arrives late, stamped before that point, is never loaded.' }],
    },
    {
      name: 'an application updated_at next to a loader stamp is still reported',
      filename: MODEL,
      code: model(`where 1 = 1 and updated_at > (select max(updated_at) from {{ this }}) or _loaded_at > (select max(_loaded_at) from {{ this }})`),
      errors: [{ messageId: 'noLookback', line: 4, column: 17, endColumn: 70, message: 'This filter loads only rows whose updated_at is after the latest one already in {{ this }}: a row that arrives late, stamped before that point, is never loaded.' }],
    },
    {
      name: 'a > on a value cast to a date skips the rest of the last day',
      filename: MODEL,
      code: model(`where cast(event_ts as date) > (select max(event_day) from {{ this }})`),
      errors: [{ messageId: 'noLookback', line: 4, column: 7 }],
    },
    {
      filename: MODEL,
      code: model(`where event_ts > (select max(event_ts) from {{ this }})`),
      errors: [
        {
          messageId: 'noLookback',
          line: 4,
          column: 7,
          endLine: 4,
          endColumn: 56,
          message:
            'This filter loads only rows whose event_ts is after the latest one already in {{ this }}: a row that arrives late, stamped before that point, is never loaded.',
        },
      ],
    },
    {
      name: 'coalesce and >= on a timestamp',
      filename: MODEL,
      code: model(`where updated_at >= (select coalesce(max(updated_at), '1900-01-01') from {{ this }})`),
      errors: [
        {
          messageId: 'noLookback',
          line: 4,
          column: 7,
          endColumn: 85,
          message:
            'This filter loads only rows whose updated_at is at or after the latest one already in {{ this }}: a row that arrives late, stamped before that point, is never loaded.',
        },
      ],
    },
    {
      name: 'an INSERT that reads its own target',
      dialect: 'postgres',
      code: `
        INSERT INTO analytics.events
        SELECT * FROM raw.events e
        WHERE e.event_ts > (SELECT max(event_ts) FROM analytics.events);
      `,
      errors: [{ messageId: 'noLookback', line: 3, column: 7, endColumn: 64 }],
    },
    {
      name: 'the comparison written the other way round',
      filename: MODEL,
      code: model(`where (select max(ts) from {{ this }}) < ts`),
      errors: [{ messageId: 'noLookback', line: 4, column: 7, endColumn: 44 }],
    },
    {
      name: 'a MERGE source that reads the target',
      dialect: 'snowflake',
      code: `
        MERGE INTO analytics.events t
        USING (SELECT * FROM raw.events WHERE event_ts > (SELECT max(event_ts) FROM analytics.events)) s
        ON t.event_id = s.event_id
        WHEN NOT MATCHED THEN INSERT (event_id, event_ts) VALUES (s.event_id, s.event_ts);
      `,
      errors: [{ messageId: 'noLookback', line: 2, column: 39, endColumn: 94 }],
    },
  ],
});
