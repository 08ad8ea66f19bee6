import { defineSqlRule } from '../../rule-api.js';
import type { Statement } from '../../model.js';
import type { Token } from '../../model.js';
import { isDisabled } from '../util/dbt-model.js';
import { findWatermarks } from '../util/watermark.js';
import docs from './docs.js';

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
    docs,
  },
  create(context) {
    if (isDisabled(context.doc)) return {};
    return {
      statement(s: Statement) {
        if (s.kind === 'block') return;
        for (const w of findWatermarks(s)) {
          if (w.lookback || (w.operator === '>=' && w.dateColumn)) continue;
          if (w.subject.some(isPipelineStamp) || isClockValue(w.subject) || deadConjunction(s.tokens, w.span.start)) continue;
          const column = context.text({ start: w.subject[0].start, end: w.subject[w.subject.length - 1].end });
          const operator = w.operator === '>' ? 'after' : 'at or after';
          context.report({ span: w.span, messageId: 'noLookback', data: { column, operator, table: w.table } });
        }
      },
    };
  },
});

/**
 * A column a pipeline stamps when it loads or rebuilds a row, not when the event happened: loader metadata
 * (`_sdc_batched_at`, `_fivetran_synced`, `_airbyte_extracted_at`, `_inserted_timestamp`, a `*_loaded_at_ts`,
 * BigQuery's `_partitiontime`) or the run stamp of an upstream model (`modified_timestamp`, `*_processed_at`,
 * `dbt_updated_at`). Rows get such stamps in the order they are written, so "stamped before the maximum but
 * not loaded yet" needs two writers committing out of order: a judgment about the scheduler the rule cannot see.
 */
const PIPELINE_STAMP =
  /^(?:_[a-z0-9_]*(?:inserted|modified|loaded|ingested|processed|uploaded|synced|extracted|batched|emitted|updated)(?:_at|_ts|_timestamp|_time|_at_ts)?|inserted_timestamp|modified_timestamp|loaded_at|ingested_at|uploaded_at|dbt_updated_at|[a-z0-9_]*_processed_at|_?partitiontime|_?partitiondate)$/i;

function isPipelineStamp(token: Token): boolean {
  return (token.kind === 'word' || token.kind === 'quoted-ident') && PIPELINE_STAMP.test(token.kind === 'word' ? token.text : token.value);
}

const CLOCK_WORDS = new Set(['CURRENT_DATE', 'CURRENT_TIMESTAMP', 'SYSDATE', 'GETDATE', 'NOW', 'CURRENT_DATETIME', 'SYSTIMESTAMP', 'LOCALTIMESTAMP']);

/** `current_date > (select max(snapshot_date) from {{ this }})`: a once-a-period guard, not a filter on rows. */
function isClockValue(subject: readonly Token[]): boolean {
  return subject.length > 0 && subject.length <= 3 && subject[0].kind === 'word' && CLOCK_WORDS.has(subject[0].value);
}

/** The filter holding the watermark also requires `1 = 0` or `false` (a branch switched off): it loads nothing. */
function deadConjunction(tokens: readonly Token[], start: number): boolean {
  let at = tokens.findIndex((t) => t.start === start);
  let depth = 0;
  for (at--; at >= 0; at--) {
    const t = tokens[at];
    if (t.kind === 'punct' && t.text === ')') depth++;
    else if (t.kind === 'punct' && t.text === '(') {
      if (depth === 0) return false;
      depth--;
    } else if (depth > 0) continue;
    else if (t.kind === 'word' && (t.value === 'OR' || t.value === 'SELECT' || t.value === 'FROM')) return false;
    else if (t.kind === 'word' && t.value === 'FALSE') return true;
    else if (t.kind === 'operator' && t.text === '=' && tokens[at - 1]?.kind === 'number' && tokens[at + 1]?.kind === 'number' && Number(tokens[at - 1].text) !== Number(tokens[at + 1].text)) return true;
    if (t.kind === 'word' && (t.value === 'WHERE' || t.value === 'HAVING' || t.value === 'ON')) return false;
  }
  return false;
}
