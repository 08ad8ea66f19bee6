import { defineSqlRule } from '../../rule-api.js';
import type { SqlDocument } from '../../model.js';
import { hasKey, isDisabled } from '../util/dbt-model.js';
import { contains, isJinjaThis, isPunct, isWord } from '../util/tokens.js';
import { hasStrictWatermark } from '../util/watermark.js';

/** Strategies that only append when no unique_key is given (merge falls back to insert-only on most adapters). */
const APPENDING = new Set(['append', 'merge', 'delete+insert']);

export default defineSqlRule({
  meta: {
    id: 'incremental-without-unique-key',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'hint',
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
        if (args === undefined || materialized?.value !== 'incremental' || hasKey(args.unique_key) || isDisabled(doc)) return;
        const strategy = args.incremental_strategy;
        if (strategy !== undefined && !(typeof strategy.value === 'string' && APPENDING.has(strategy.value.toLowerCase()))) return;
        if (hasStrictWatermark(doc) || hasAntiJoinOnTarget(doc)) return;
        const setting = strategy ?? materialized;
        const name = strategy === undefined ? 'materialized' : 'incremental_strategy';
        context.report({ span: setting.span, messageId: 'appends', data: { setting: `${name}=${setting.raw}` } });
      },
    };
  },
});

/**
 * Inside `is_incremental()`, the new rows leave out what the target already holds: `not in (select ... from
 * {{ this }})`, `not exists (...)`, or `except` / `minus select ... from {{ this }}`. Appending is then safe.
 */
function hasAntiJoinOnTarget(doc: SqlDocument): boolean {
  const tokens = doc.tokens;
  return tokens.some((t, i) => {
    if (!isJinjaThis(t) || !doc.dbt.incrementalBlocks.some((b) => contains(b, t))) return false;
    let depth = 0;
    for (let j = i - 1; j >= 0; j--) {
      const u = tokens[j];
      if (isPunct(u, ')')) depth++;
      else if (isPunct(u, '(')) {
        if (depth > 0) {
          depth--;
          continue;
        }
        const before = tokens[j - 1];
        if (isWord(before, 'EXISTS') || isWord(before, 'IN')) return isWord(tokens[j - 2], 'NOT');
        return false;
      } else if (depth === 0 && isWord(u, 'SELECT')) {
        if (isWord(tokens[j - 1], 'EXCEPT', 'MINUS') || (isWord(tokens[j - 1], 'DISTINCT', 'ALL') && isWord(tokens[j - 2], 'EXCEPT', 'MINUS'))) return true;
      }
    }
    return false;
  });
}
