import type { Expr, MergeWhen, SetItem, Statement, TableRef, Token } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { MIGRATION_DEFAULTS, MIGRATION_SCHEMA, skipsMigration, type MigrationOptions } from '../util/migrations.js';
import { pinsSetColumn } from '../util/pins.js';
import { targetQualifiers } from '../util/tables.js';
import { isOperator, isPunct, isWord, splitAt } from '../util/tokens.js';
import docs from './docs.js';

const ADDITIVE = ['+', '-', '||'];
const MULTIPLICATIVE = ['*', '/'];
const NULL_DEFAULTS = new Set(['COALESCE', 'IFNULL', 'NVL', 'ISNULL']);
/** Optimistic-lock counters: `version = version + 1` marks that the row changed, it does not count input rows. */
const VERSION_COLUMN = /^(?:(?:row|lock|record)_?)?(?:version|revision|rev)(?:_?(?:no|num|number))?$|_(?:version|revision)$/;
const JSON_OBJECT_BUILDERS = ['JSONB_BUILD_OBJECT', 'JSON_BUILD_OBJECT', 'JSONB_OBJECT', 'JSON_OBJECT'];

export default defineSqlRule<MigrationOptions, 'relative'>({
  meta: {
    id: 'relative-update',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      relative: '`{{assignment}}` changes {{column}} of {{table}} relative to its stored value: applying the same input twice counts it twice.',
    },
    schema: {
      type: 'object',
      properties: { ...MIGRATION_SCHEMA },
      additionalProperties: false,
    },
    docs,
  },
  defaultOptions: { ...MIGRATION_DEFAULTS },
  create(context) {
    if (skipsMigration(context.filename, context.options)) return {};
    const check = (s: Statement, target: TableRef | null, items: readonly SetItem[], guard: Expr | null): void => {
      if (target === null) return;
      let qualifiers: Set<string> | null = null;
      for (const item of items) {
        const column = item.column.toLowerCase();
        // A relative value names its own column; most assignments do not.
        if (!item.value.tokens.some((t) => sameName(t, column))) continue;
        qualifiers ??= targetQualifiers(s, target);
        if (VERSION_COLUMN.test(column) && isIncrement(item.value.tokens)) continue;
        if (!isRelative(item.value.tokens, column, qualifiers) || pinsSetColumn(guard, items, qualifiers)) continue;
        const assignment = context.text(item.span).replace(/\s+/g, ' ');
        context.report({ span: item.span, messageId: 'relative', data: { assignment, column, table: target.name } });
      }
    };
    return {
      update: (s) => check(s, s.target, s.setItems, s.where),
      insert: (s) => check(s, s.target, [...(s.onConflict?.setItems ?? []), ...(s.onDuplicateKey?.setItems ?? [])], null),
      merge: (s) => s.whens.forEach((w: MergeWhen) => check(s, s.target, w.setItems, w.condition)),
    };
  },
});

/** `c + x`, `x + c`, `t.c - x`, `coalesce(c, 0) + x`, `c || x`; or `c * x` when there is no additive operator. */
function isRelative(tokens: readonly Token[], column: string, qualifiers: Set<string>): boolean {
  const additive = splitAt(tokens, (t) => isOperator(t, ...ADDITIVE));
  const terms = additive.length > 1 ? additive : splitAt(tokens, (t) => isOperator(t, ...MULTIPLICATIVE));
  if (terms.length < 2 || isJsonObjectMerge(tokens, terms) || isKeyRemoval(tokens, terms)) return false;
  return terms.some((term) => isColumnRef(term, column, qualifiers) || isNullDefaulted(term, column, qualifiers));
}

/** `settings || '{"beta": true}'::jsonb`, `payload || jsonb_build_object(...)`: keys are overwritten, so a replay changes nothing. */
function isJsonObjectMerge(tokens: readonly Token[], terms: readonly Token[][]): boolean {
  if (!tokens.some((t) => isOperator(t, '||')) || tokens.some((t) => isOperator(t, '+', '-'))) return false;
  return terms.some((term) => isWord(term[0], ...JSON_OBJECT_BUILDERS) || (term[0]?.kind === 'string' && /^'\s*\{/.test(term[0].text)));
}

/** `attrs - 'key'`, `attrs - '{a,b}'::text[]`: jsonb minus a text removes keys, and removing them twice changes nothing. */
function isKeyRemoval(tokens: readonly Token[], terms: readonly Token[][]): boolean {
  if (tokens.some((t) => isOperator(t, '+', '||', '*', '/'))) return false;
  return terms.slice(1).every((term) => term[0]?.kind === 'string');
}

/** `c + 1`, `1 + c`, `coalesce(c, 0) + 1`: a step of one. */
function isIncrement(tokens: readonly Token[]): boolean {
  const terms = splitAt(tokens, (t) => isOperator(t, '+'));
  return terms.length === 2 && !tokens.some((t) => isOperator(t, '-', '*', '/', '||')) && terms.some((term) => term.length === 1 && term[0].kind === 'number' && term[0].text === '1');
}

function isColumnRef(term: readonly Token[], column: string, qualifiers: Set<string>): boolean {
  const last = term[term.length - 1];
  if (last === undefined || !sameName(last, column)) return false;
  if (term.length === 1) return true;
  return term.length === 3 && isPunct(term[1], '.') && qualifiers.has(nameOf(term[0]));
}

function isNullDefaulted(term: readonly Token[], column: string, qualifiers: Set<string>): boolean {
  if (!isWord(term[0], ...NULL_DEFAULTS) || !isPunct(term[1], '(')) return false;
  const firstArg = splitAt(term.slice(2, -1), (t) => isPunct(t, ','))[0] ?? [];
  return isColumnRef(firstArg, column, qualifiers);
}

function sameName(token: Token, column: string): boolean {
  return (token.kind === 'word' || token.kind === 'quoted-ident') && nameOf(token) === column;
}

function nameOf(token: Token): string {
  return token.value.toLowerCase();
}
