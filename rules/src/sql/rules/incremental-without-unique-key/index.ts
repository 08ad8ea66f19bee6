import type { DbtConfigArg } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { hasStrictWatermark } from '../util/watermark.js';

/** Strategies that only append when no unique_key is given (merge falls back to insert-only on most adapters). */
const APPENDING = new Set(['append', 'merge', 'delete+insert']);

export default defineSqlRule({
  meta: {
    id: 'incremental-without-unique-key',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'warn',
    messages: {
      appends: '{{setting}} with no `unique_key` only appends: a re-run over the same period inserts its rows a second time.',
    },
    docs: {
      description: 'Flags dbt incremental models that append rows without a `unique_key`, so re-runs insert duplicates.',
      why: [
        'Without `unique_key`, an incremental model has nothing to match new rows against: dbt inserts whatever the',
        'model selects. Run it twice for the same day (a retry, a backfill, an overlapping lookback window) and the',
        'day is in the table twice. With no `incremental_strategy`, or with `append`, `merge` or `delete+insert`, that',
        'is what happens on every adapter pipelint knows.',
        '',
        'Not reported: a `unique_key` (string or list), `insert_overwrite` and `microbatch` (they replace whole',
        'partitions or batches), strategies pipelint does not know, and models whose incremental filter is a strict',
        '`> (select max(...) from {{ this }})` with no lookback: such a model cannot read a row twice, and',
        '`high-watermark-without-lookback` reports the late data it misses instead.',
        '',
        'Only the `config()` in the model file is read; settings in `dbt_project.yml` or a properties file are not seen.',
      ].join('\n'),
      howToFix: [
        'Add `unique_key` with the column (or list of columns) that identifies a row, so dbt merges or',
        'deletes-and-inserts instead of appending. For date-partitioned tables, `insert_overwrite` (BigQuery, Spark) or',
        '`microbatch` replaces whole periods.',
      ].join('\n'),
      whenNotToUse: [
        'Event logs where each row has a unique id and readers deduplicate downstream, or a model whose filter',
        'guarantees each source row is read once (pipelint sees only simple max-watermarks).',
      ].join('\n'),
      bad: [
        {
          title: 'Every run appends the last three days again',
          code: "{{ config(materialized='incremental') }}\n\nselect * from {{ ref('stg_orders') }}\n{% if is_incremental() %}\nwhere order_date >= {{ var('start_date') }}\n{% endif %}\n",
          filename: 'models/fct_orders.sql',
        },
      ],
      good: [
        {
          title: 'Rows are merged on their key',
          code: "{{ config(materialized='incremental', unique_key='order_id') }}\n\nselect * from {{ ref('stg_orders') }}\n{% if is_incremental() %}\nwhere order_date >= {{ var('start_date') }}\n{% endif %}\n",
          filename: 'models/fct_orders.sql',
        },
      ],
    },
  },
  create(context) {
    return {
      'document:exit'(doc) {
        const args = doc.dbt.config?.args;
        const materialized = args?.materialized;
        if (args === undefined || materialized?.value !== 'incremental' || hasKey(args.unique_key)) return;
        const strategy = args.incremental_strategy;
        if (strategy !== undefined && !(typeof strategy.value === 'string' && APPENDING.has(strategy.value.toLowerCase()))) return;
        if (hasStrictWatermark(doc)) return;
        const setting = strategy ?? materialized;
        const name = strategy === undefined ? 'materialized' : 'incremental_strategy';
        context.report({ span: setting.span, messageId: 'appends', data: { setting: `${name}=${setting.raw}` } });
      },
    };
  },
});

/** A key that is written and not empty; a non-literal value (a Jinja variable) is given the benefit of the doubt. */
function hasKey(arg: DbtConfigArg | undefined): boolean {
  if (arg === undefined) return false;
  if (arg.value === null) return arg.raw.trim() !== 'none' && arg.raw.trim() !== 'None';
  if (Array.isArray(arg.value)) return arg.value.length > 0;
  return typeof arg.value === 'string' ? arg.value.trim() !== '' : arg.value !== false;
}
