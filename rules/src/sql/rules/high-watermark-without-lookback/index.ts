import { defineSqlRule } from '../../rule-api.js';
import type { Statement } from '../../model.js';
import { findWatermarks } from '../util/watermark.js';

export default defineSqlRule({
  meta: {
    id: 'high-watermark-without-lookback',
    language: 'sql',
    concept: 'late-data',
    defaultSeverity: 'warn',
    messages: {
      noLookback:
        'This filter loads only rows whose {{column}} is {{operator}} the latest one already in {{table}}: a row that arrives late, stamped before that point, is never loaded.',
    },
    docs: {
      description: 'Flags incremental filters that load only rows newer than the maximum already in the target, with no lookback window.',
      why: [
        '`where ts > (select max(ts) from {{ this }})` is a watermark of zero: it assumes every row arrives in',
        'timestamp order. Real events do not. A phone offline for an hour, a retried upstream batch or a slow',
        'partition delivers rows stamped before the current maximum, and the filter skips them on this run and on',
        'every later one. The numbers are quietly low, and nothing fails.',
        '',
        'pipelint looks for the pattern in dbt models (`{{ this }}`) and in `INSERT ... SELECT` / `MERGE` statements',
        'whose subquery reads their own target. A `>=` on a column that holds whole days (its name ends in `_date` or',
        '`_day`, or it is cast with `::date` / `date(...)`) re-reads the last day, which counts as a one-day lookback.',
      ].join('\n'),
      howToFix: [
        'Subtract a lookback from the maximum, sized from how late your data really arrives (if 99% of rows land',
        'within two hours, look back three): `max(ts) - interval \'3 hours\'`, `dateadd(hour, -3, max(ts))`,',
        '`timestamp_sub(max(ts), interval 3 hour)`. The lookback re-reads rows already loaded, so the write must be an',
        'upsert (`unique_key` in dbt, `MERGE`, or delete-and-insert of the window), or it creates duplicates.',
      ].join('\n'),
      whenNotToUse: [
        'Sources that are append-only and strictly ordered by the compared column, such as a database sequence or',
        'a log offset assigned at write time.',
      ].join('\n'),
      bad: [
        {
          title: 'Late rows are skipped for good',
          code: "{{ config(materialized='incremental', unique_key='event_id') }}\n\nselect * from {{ ref('stg_events') }}\n{% if is_incremental() %}\nwhere event_ts > (select max(event_ts) from {{ this }})\n{% endif %}\n",
          filename: 'models/fct_events.sql',
        },
      ],
      good: [
        {
          title: 'A three-hour lookback, with an upsert',
          code: "{{ config(materialized='incremental', unique_key='event_id') }}\n\nselect * from {{ ref('stg_events') }}\n{% if is_incremental() %}\nwhere event_ts > (select max(event_ts) - interval '3 hours' from {{ this }})\n{% endif %}\n",
          filename: 'models/fct_events.sql',
        },
      ],
    },
  },
  create(context) {
    return {
      statement(s: Statement) {
        if (s.kind === 'block') return;
        for (const w of findWatermarks(s)) {
          if (w.lookback || (w.operator === '>=' && w.dateColumn)) continue;
          const column = context.text({ start: w.subject[0].start, end: w.subject[w.subject.length - 1].end });
          const operator = w.operator === '>' ? 'after' : 'at or after';
          context.report({ span: w.span, messageId: 'noLookback', data: { column, operator, table: w.table } });
        }
      },
    };
  },
});
