import type { Span } from '../../../core/types.js';
import type { SqlDocument, Statement, Token } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { inFilterClause } from '../util/clauses.js';
import { isClockCall } from '../util/functions.js';
import { mergeSourceTokens, sourceTokens } from '../util/regions.js';
import { tokensIn } from '../util/tokens.js';
import docs from './docs.js';

/** dbt project folders; the innermost one in a path says what the file is. */
const DBT_FOLDER = /(?:^|[\\/])(models|tests|analyses|analysis|macros|snapshots)(?=[\\/])/g;

export default defineSqlRule({
  meta: {
    id: 'wall-clock-window',
    language: 'sql',
    concept: 'late-data',
    defaultSeverity: 'warn',
    messages: {
      window:
        'The rows loaded here are picked by {{call}}, the moment the job runs: a rerun, a backfill or a late run reads a different window than the run it stands in for.',
    },
    docs,
  },
  create(context) {
    const doc = context.doc;
    const isModel = isDbtModel(doc, context.filename);
    const check = (s: Statement, regionOf: () => readonly Token[]): void => {
      if (!s.calls.some(isClockCall)) return;
      const region = regionOf();
      const call = s.calls.find((c) => isClockCall(c) && inFilter(region, c.span));
      if (call === undefined) return;
      const text = call.niladic ? context.text(call.nameSpan) : `${context.text(call.nameSpan)}()`;
      context.report({ span: call.span, messageId: 'window', data: { call: text } });
    };
    return {
      insert: (s) => check(s, () => sourceTokens(s)),
      merge: (s) => check(s, () => mergeSourceTokens(s)),
      create: (s) => {
        const query = s.asQuery;
        if (query !== null && s.objectType !== 'view') check(s, () => tokensIn(s.tokens, query.span));
      },
      select: (s) => (isModel ? check(s, () => s.tokens) : undefined),
    };
  },
});

/**
 * A file under `models/` that uses dbt, or a file with a `config()` outside the folders of singular tests, analyses,
 * macros and snapshots: a freshness test is meant to compare with the clock, and an analysis writes nothing.
 */
function isDbtModel(doc: SqlDocument, filename: string): boolean {
  const folders = [...filename.matchAll(DBT_FOLDER)].map((m) => m[1]);
  const innermost = folders[folders.length - 1];
  if (innermost === undefined) return doc.dbt.config !== null;
  return innermost === 'models' && (doc.dbt.config !== null || doc.dbt.isDbtModel);
}

function inFilter(region: readonly Token[], span: Span): boolean {
  const at = region.findIndex((t) => t.start === span.start);
  return at >= 0 && inFilterClause(region, at);
}
