import type { Fix, Span } from '../../../core/types.js';
import type { CreateStatement, MergeStatement, SqlDocument, TableRef, Token } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { isTemporalName, referencedColumns } from '../util/columns.js';
import { tableHistory } from '../util/doc-index.js';
import { insertAt } from '../util/edits.js';
import { isClockCall } from '../util/functions.js';
import { topLevelWhere } from '../util/replace.js';
import { aliasAfter, sameTable, targetQualifiers } from '../util/tables.js';
import { closingParen, contains, isPunct, isWord, splitAt, tokensIn } from '../util/tokens.js';
import docs from './docs.js';

const RUN_DATE_JINJA = /\b(ds|ds_nodash|ts|logical_date|execution_date|data_interval_start|data_interval_end|var|run_date|start_date|end_date)\b/;
const DATE_LITERAL = /^'\d{4}-\d{2}-\d{2}/;

export default defineSqlRule({
  meta: {
    id: 'merge-without-partition-filter',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      fullScan:
        'The source is filtered to a date range, but this ON condition does not limit {{table}} to it: every run scans all of {{table}} to find matches for one slice.',
    },
    hasSuggestions: true,
    docs,
  },
  create(context) {
    const doc = context.doc;
    return {
      merge(s) {
        const target = s.target;
        if (target === null || s.on === null || s.source === null || s.sourceTable !== null) return;
        const filtered = dateFilterColumns(s);
        if (filtered === null) return;
        const qualifiers = targetQualifiers(s, target);
        const bounds = new Set([...filtered, ...partitionColumns(doc, target)]);
        if (constrainsTarget(s.on.tokens, qualifiers, bounds)) return;
        const onKeyword = [...s.tokens].reverse().find((t) => t.end <= s.on!.span.start && isWord(t, 'ON'));
        context.report({
          span: { start: onKeyword?.start ?? s.on.span.start, end: s.on.span.end },
          messageId: 'fullScan',
          data: { table: target.name },
          suggestions: boundSuggestion(s, target, filtered),
        });
      },
    };
  },
});

/** Date-like columns the USING subquery filters on; empty when it filters by a date literal only; null when not date-filtered. */
function dateFilterColumns(s: MergeStatement): Set<string> | null {
  const tokens = unwrap(tokensIn(s.tokens, s.source!.span));
  const where = topLevelWhere(tokens);
  if (where.length === 0) return null;
  const columns = new Set([...referencedColumns(where)].filter(isTemporalName));
  const whereSpan: Span = { start: where[0].start, end: where[where.length - 1].end };
  const dated =
    columns.size > 0 ||
    where.some((t) => (t.kind === 'string' && DATE_LITERAL.test(t.text)) || mentionsRunDate(t)) ||
    s.calls.some((c) => isClockCall(c) && contains(whereSpan, c.span));
  return dated ? columns : null;
}

/** `{{ ds }}`, `'{{ var("run_date") }}'`: a Jinja run-date variable, bare or inside a string. */
function mentionsRunDate(t: Token): boolean {
  return (t.kind === 'jinja-expr' || (t.kind === 'string' && t.text.includes('{{'))) && RUN_DATE_JINJA.test(t.text);
}

/** The subquery inside `( ... )`, without the alias that may follow it. */
function unwrap(tokens: Token[]): Token[] {
  const close = isPunct(tokens[0], '(') ? closingParen(tokens, 0) : -1;
  return close > 0 ? tokens.slice(1, close) : tokens;
}

function partitionColumns(doc: SqlDocument, target: TableRef): string[] {
  const create = tableHistory(doc, target).find((st): st is CreateStatement => st.kind === 'create' && st.name !== null && sameTable(st.name, target));
  return create?.partitionBy ? [...referencedColumns(create.partitionBy.tokens)] : [];
}

/** A target-side (or unqualified) column in ON that is a date, a source filter column or a partition column. */
function constrainsTarget(on: readonly Token[], qualifiers: Set<string>, bounds: Set<string>): boolean {
  return on.some((t, i) => {
    if (t.kind !== 'word' && t.kind !== 'quoted-ident') return false;
    if (isPunct(on[i + 1], '.') || isPunct(on[i + 1], '(')) return false;
    const name = t.value.toLowerCase();
    if (!isTemporalName(name) && !bounds.has(name)) return false;
    return !isPunct(on[i - 1], '.') || qualifiers.has(on[i - 2]?.value.toLowerCase() ?? '');
  });
}

/** `AND t.<col> = s.<col>` when the source filters on one date column and both sides have a name. */
function boundSuggestion(s: MergeStatement, target: TableRef, filtered: Set<string>): Fix[] {
  if (filtered.size !== 1 || s.on === null || s.source === null) return [];
  const sourceAlias = aliasAfter(s.tokens, s.source.span);
  if (sourceAlias === null) return [];
  const column = [...filtered][0];
  const targetName = aliasAfter(s.tokens, target.span) ?? target.name;
  const clause = `${targetName}.${column} = ${sourceAlias}.${column}`;
  const hasOr = splitAt(s.on.tokens, (t) => isWord(t, 'OR')).length > 1;
  const edits = hasOr ? [insertAt(s.on.span.start, '('), insertAt(s.on.span.end, `) AND ${clause}`)] : [insertAt(s.on.span.end, ` AND ${clause}`)];
  return [{ title: `Add \`AND ${clause}\` to the ON condition`, edits }];
}
