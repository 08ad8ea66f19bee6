import type { DbtConfigArg } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { hasStrictWatermark } from '../util/watermark.js';
import docs from './docs.js';

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
    docs,
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
