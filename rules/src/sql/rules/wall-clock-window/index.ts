import type { Span } from '../../../core/types.js';
import type { FunctionCall, SqlDocument, Statement, TableRef, Token } from '../../model.js';
import { readTableRef } from '../../expr.js';
import { defineSqlRule } from '../../rule-api.js';
import { inFilterClause } from '../util/clauses.js';
import { clockBound } from '../util/clock-bounds.js';
import { dbtFolder, hasModelConfig, isDisabled, materialization, rewritesOnRerun } from '../util/dbt-model.js';
import { isClockCall } from '../util/functions.js';
import { jinjaTag } from '../../dbt.js';
import { mergeSourceTokens, sourceTokens } from '../util/regions.js';
import { closingParen, contains, isPunct, isWord } from '../util/tokens.js';
import { writtenTable } from '../util/watermark.js';
import docs from './docs.js';

export default defineSqlRule({
  meta: {
    id: 'wall-clock-window',
    language: 'sql',
    concept: 'late-data',
    defaultSeverity: 'hint',
    messages: {
      window:
        'The rows loaded here are picked by {{call}}, the moment the job runs: a rerun, a backfill or a late run reads a different window than the run it stands in for.',
    },
    docs,
  },
  create(context) {
    const doc = context.doc;
    if (isDisabled(doc)) return {};
    const model = modelKind(doc, context.filename);
    const skipIncrementalBranch = model === 'incremental' && rewritesOnRerun(doc);
    const check = (s: Statement, region: readonly Token[]): void => {
      if (!s.calls.some(isClockCall)) return;
      const isTarget = writtenTable(s);
      const call = s.calls.find((c) => isClockCall(c) && isLoadWindow(doc, region, c, isTarget, skipIncrementalBranch));
      if (call === undefined) return;
      const text = call.niladic ? context.text(call.nameSpan) : `${context.text(call.nameSpan)}()`;
      context.report({ span: call.span, messageId: 'window', data: { call: text } });
    };
    return {
      insert: (s) => check(s, sourceTokens(s)),
      merge: (s) => check(s, mergeSourceTokens(s)),
      select: (s) => (model === 'incremental' ? check(s, s.tokens) : undefined),
    };
  },
});

/**
 * What a file's SELECTs are: `incremental` for a dbt model that accumulates (its config says so, or it has an
 * `is_incremental()` branch and no other materialization), `rebuilt` for a table, view or ephemeral model (a
 * trailing window is what the model means, and a rerun gives today's answer), `other` for plain scripts, tests,
 * analyses, macros and snapshots.
 */
function modelKind(doc: SqlDocument, filename: string): 'incremental' | 'rebuilt' | 'other' {
  const folder = dbtFolder(filename);
  if (folder !== undefined && folder !== 'models') return 'other';
  if (doc.tokens.some((t) => t.kind === 'jinja-stmt' && jinjaTag(t).name === 'macro')) return 'other';
  if (folder === undefined && !hasModelConfig(doc)) return 'other';
  const materialized = materialization(doc);
  if (materialized === 'incremental') return 'incremental';
  if (materialized === null && doc.dbt.incrementalBlocks.length > 0) return 'incremental';
  return 'rebuilt';
}

/**
 * A clock call in a filter that picks which rows are loaded: a lower bound or a single period (see clockBound),
 * not in a branch only dev or CI runs take, not inside the subquery that reads the target's own maximum (that
 * bounds a lookback), and, in a model that rewrites what it re-reads, not inside its `is_incremental()` branch
 * (a rerun rewrites the same rows).
 */
function isLoadWindow(
  doc: SqlDocument,
  region: readonly Token[],
  call: FunctionCall,
  isTarget: (ref: TableRef, token: Token) => boolean,
  skipIncrementalBranch: boolean,
): boolean {
  const first = region.findIndex((t) => t.start === call.span.start);
  if (first < 0 || !inFilterClause(region, first)) return false;
  if (doc.dbt.nonProductionBlocks.some((b) => contains(b, call.span))) return false;
  if (skipIncrementalBranch && doc.dbt.incrementalBlocks.some((b) => contains(b, call.span))) return false;
  let last = first;
  while (last + 1 < region.length && region[last + 1].end <= call.span.end) last++;
  if (insideTargetMaximum(region, first, isTarget)) return false;
  return clockBound(region, first, last) === 'lower';
}

/** The clock sits inside `(select max(...) ... from <target>)`: it shapes the watermark, not the rows. */
function insideTargetMaximum(tokens: readonly Token[], at: number, isTarget: (ref: TableRef, token: Token) => boolean): boolean {
  let depth = 0;
  for (let j = at - 1; j >= 0; j--) {
    if (isPunct(tokens[j], ')')) depth++;
    else if (isPunct(tokens[j], '(')) {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (!isWord(tokens[j + 1], 'SELECT')) continue;
      const close = closingParen(tokens, j);
      const inner = tokens.slice(j + 1, close < 0 ? tokens.length : close);
      const from = inner.findIndex((t) => isWord(t, 'FROM'));
      if (from < 0 || !inner.slice(0, from).some((t, k) => isWord(t, 'MAX') && isPunct(inner[k + 1], '('))) continue;
      const name = readTableRef(inner, from + 1);
      if (name !== null && isTarget(name.ref, inner[from + 1])) return true;
    }
  }
  return false;
}
