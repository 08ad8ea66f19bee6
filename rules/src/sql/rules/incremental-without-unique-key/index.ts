import { defineSqlRule } from '../../rule-api.js';
import type { SqlDocument } from '../../model.js';
import { hasKey, hasModelConfig, isDisabled, modelConfig, settingOrigin } from '../util/dbt-model.js';
import { contains, isJinjaThis, isPunct, isWord } from '../util/tokens.js';
import { hasStrictWatermark } from '../util/watermark.js';
import docs from './docs.js';

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
    docs,
  },
  create(context) {
    return {
      'document:exit'(doc) {
        if (!hasModelConfig(doc)) return;
        const args = modelConfig(doc);
        const materialized = args.materialized;
        if (materialized?.value !== 'incremental' || hasKey(args.unique_key) || isDisabled(doc)) return;
        const strategy = args.incremental_strategy;
        if (strategy !== undefined && !(typeof strategy.value === 'string' && APPENDING.has(strategy.value.toLowerCase()))) return;
        if (hasStrictWatermark(doc) || hasAntiJoinOnTarget(doc)) return;
        const setting = strategy ?? materialized;
        const name = strategy === undefined ? 'materialized' : 'incremental_strategy';
        // A setting from YAML has no place in this file: the finding goes on the config() call, else on line 1.
        const span = setting.source === 'config()' ? setting.span : (doc.dbt.config?.span ?? { start: 0, end: 0 });
        const written = setting.source === 'config()' ? `${name}=${setting.raw}` : `${name}: ${setting.raw}`;
        context.report({ span, messageId: 'appends', data: { setting: `${written}${settingOrigin(setting)}` } });
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
