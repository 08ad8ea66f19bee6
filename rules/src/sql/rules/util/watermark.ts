import type { Span } from '../../../core/types.js';
import type { SqlDocument, Statement, TableRef, Token } from '../../model.js';
import { isDateName } from './columns.js';
import { readTableRef } from '../../expr.js';
import { memoize } from './memo.js';
import { sameTable } from './tables.js';
import { closingParen, isJinjaThis, isOperator, isPunct, isWord } from './tokens.js';

export interface Watermark {
  /** The whole comparison: `ts > (select max(ts) from {{ this }})`. */
  span: Span;
  /** The filtered side, as written. */
  subject: Token[];
  /** `>` or `>=` after turning `max < ts` around. */
  operator: '>' | '>=';
  /** The bound subtracts an interval or shifts the maximum back (`- interval`, `dateadd(..., -3, ...)`). */
  lookback: boolean;
  /** The filtered column holds whole days (`event_date`, `x::date`, `date(x)`), so `>=` re-reads the last day. */
  dateColumn: boolean;
  /** The table the maximum is read from, as written. */
  table: string;
}

const LEFT_STOPS = new Set(['AND', 'OR', 'WHERE', 'ON', 'WHEN', 'HAVING', 'QUALIFY', 'NOT', 'THEN', 'ELSE', 'SELECT']);
const RIGHT_STOPS = new Set(['AND', 'OR', 'THEN', 'WHEN', 'ELSE', 'END', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'HAVING', 'QUALIFY', 'WINDOW', 'EXCEPT', 'INTERSECT']);
const LOOKBACK_FUNCTIONS = new Set(['DATEADD', 'DATE_ADD', 'DATE_SUB', 'TIMESTAMP_SUB', 'TIMESTAMP_ADD', 'DATETIME_SUB', 'DATETIME_ADD', 'TIMESTAMPADD', 'TIMEADD', 'SUBDATE', 'ADDDATE', 'ADD_MONTHS']);

/** The tables a statement's watermark may read: `{{ this }}` always, and the table it writes. */
export function writtenTable(s: Statement): (ref: TableRef, token: Token) => boolean {
  const target = s.kind === 'insert' || s.kind === 'merge' ? s.target : null;
  return (ref, token) => isJinjaThis(token) || (target !== null && sameTable(ref, target));
}

/** Comparisons of a column against the maximum already loaded into the statement's own target. */
export function findWatermarks(s: Statement): readonly Watermark[] {
  return hasMaxCall(s.tokens) ? watermarksOf(s) : [];
}

const watermarksOf = memoize((s: Statement): Watermark[] => {
  const tokens = s.tokens;
  const isTarget = writtenTable(s);
  const found: Watermark[] = [];
  let cached: JoinedMaxima | undefined;
  tokens.forEach((token, i) => {
    if (!isOperator(token, '>', '>=', '<', '<=')) return;
    const left = operandBefore(tokens, i);
    const right = operandAfter(tokens, i);
    const reversed = token.text.startsWith('<');
    const [subject, bound] = reversed ? [right, left] : [left, right];
    if (subject.length === 0 || bound.length === 0) return;
    const joined = joinedMaximum(bound, joinedMaxima());
    const table = joined?.table ?? maxSubqueryTable(bound, isTarget);
    if (table === null || maxSubqueryTable(subject, isTarget) !== null || joinedMaximum(subject, joinedMaxima()) !== null) return;
    found.push({
      span: { start: left[0].start, end: right[right.length - 1].end },
      subject,
      operator: token.text.endsWith('=') ? '>=' : '>',
      lookback: hasLookback(bound) || joined?.lookback === true,
      dateColumn: isDateExpression(subject),
      table,
    });
  });
  return found;
  function joinedMaxima(): JoinedMaxima {
    cached ??= cteMaxima(tokens, isTarget);
    return cached;
  }
});

/** Maxima of the target computed in a CTE (`wm as (select max(ts) as max_ts from {{ this }})`) and joined in. */
interface JoinedMaxima {
  /** `alias.column` and bare `column` of each maximum, with the CTE's table and whether it already looks back. */
  columns: Map<string, { table: string; lookback: boolean }>;
  /** Names the CTE is read under: its own name and the aliases it is joined with. */
  names: Set<string>;
}

function cteMaxima(tokens: readonly Token[], isTarget: (ref: TableRef, token: Token) => boolean): JoinedMaxima {
  const byCte = new Map<string, Map<string, { table: string; lookback: boolean }>>();
  for (let i = 0; i + 3 < tokens.length; i++) {
    if (!(tokens[i].kind === 'word' || tokens[i].kind === 'quoted-ident') || !isWord(tokens[i + 1], 'AS') || !isPunct(tokens[i + 2], '(') || !isWord(tokens[i + 3], 'SELECT')) continue;
    const close = closingParen(tokens, i + 2);
    const inner = tokens.slice(i + 3, close < 0 ? tokens.length : close);
    const from = topLevelIndex(inner, (t) => isWord(t, 'FROM'));
    if (from < 0) continue;
    const name = readTableRef(inner, from + 1);
    if (name === null || !isTarget(name.ref, inner[from + 1])) continue;
    const table = inner.slice(from + 1, name.next).map((t) => t.text).join('');
    const columns = new Map<string, { table: string; lookback: boolean }>();
    for (const item of splitTopLevelCommas(inner.slice(1, from))) {
      const at = item.findIndex((t, k) => isWord(t, 'MAX') && isPunct(item[k + 1], '('));
      const last = item[item.length - 1];
      if (at < 0 || item.length < 4 || !(last.kind === 'word' || last.kind === 'quoted-ident')) continue;
      columns.set(last.value.toLowerCase(), { table, lookback: hasLookback(item.slice(0, -1)) });
    }
    if (columns.size > 0) byCte.set(tokens[i].value.toLowerCase(), columns);
  }
  const result: JoinedMaxima = { columns: new Map(), names: new Set() };
  if (byCte.size === 0) return result;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!isWord(tokens[i], 'FROM', 'JOIN')) continue;
    const cte = byCte.get(tokens[i + 1].value.toLowerCase());
    if (cte === undefined) continue;
    let aliasAt = i + 2;
    if (isWord(tokens[aliasAt], 'AS')) aliasAt++;
    const alias = tokens[aliasAt];
    const names = [tokens[i + 1].value.toLowerCase()];
    if (alias !== undefined && alias.kind === 'word' && !ALIAS_STOPS.has(alias.value)) names.push(alias.value.toLowerCase());
    for (const n of names) {
      result.names.add(n);
      for (const [column, info] of cte) result.columns.set(`${n}.${column}`, info);
    }
    for (const [column, info] of cte) result.columns.set(column, info);
  }
  return result;
}

const ALIAS_STOPS = new Set(['ON', 'USING', 'WHERE', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'JOIN', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'NATURAL', 'OUTER']);

/** The bound is a maximum joined in from a CTE over the target: `w.max_ts`, or `max_ts` when the CTE is joined. */
function joinedMaximum(bound: readonly Token[], maxima: JoinedMaxima): { table: string; lookback: boolean } | null {
  if (maxima.columns.size === 0) return null;
  const core = bound.filter((t) => t.kind !== 'comment');
  if (core.length === 3 && isPunct(core[1], '.')) return maxima.columns.get(`${core[0].value.toLowerCase()}.${core[2].value.toLowerCase()}`) ?? null;
  if (core.length === 1 && core[0].kind === 'word' && maxima.names.size > 0) return maxima.columns.get(core[0].value.toLowerCase()) ?? null;
  return null;
}

function topLevelIndex(tokens: readonly Token[], test: (t: Token) => boolean): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth--;
    else if (depth === 0 && test(tokens[i])) return i;
  }
  return -1;
}

function splitTopLevelCommas(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    if (depth === 0 && isPunct(t, ',')) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** True when the file has a watermark with no lookback: a strict `> max(...)` reads each row once. */
export function hasStrictWatermark(doc: SqlDocument): boolean {
  return doc.statements.some((s) => findWatermarks(s).some((w) => !w.lookback && !(w.operator === '>=' && w.dateColumn)));
}

// Every watermark bound holds a `max(`: most statements have none.
function hasMaxCall(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length - 1; i++) if (isWord(tokens[i], 'MAX') && isPunct(tokens[i + 1], '(')) return true;
  return false;
}

function operandBefore(tokens: readonly Token[], i: number): Token[] {
  let depth = 0;
  let j = i - 1;
  for (; j >= 0; j--) {
    const t = tokens[j];
    if (isPunct(t, ')')) depth++;
    else if (isPunct(t, '(')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (isPunct(t, ',') || t.kind === 'jinja-stmt' || (t.kind === 'word' && LEFT_STOPS.has(t.value)))) break;
  }
  return tokens.slice(j + 1, i);
}

function operandAfter(tokens: readonly Token[], i: number): Token[] {
  let depth = 0;
  let j = i + 1;
  for (; j < tokens.length; j++) {
    const t = tokens[j];
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (isPunct(t, ',') || isPunct(t, ';') || t.kind === 'jinja-stmt' || (t.kind === 'word' && RIGHT_STOPS.has(t.value)))) break;
  }
  return tokens.slice(i + 1, j);
}

/** The table of a `(SELECT ... max(...) ... FROM table)` inside the operand, when it is the target. */
function maxSubqueryTable(operand: readonly Token[], isTarget: (ref: TableRef, token: Token) => boolean): string | null {
  for (let i = 0; i < operand.length - 1; i++) {
    if (!isPunct(operand[i], '(') || !isWord(operand[i + 1], 'SELECT')) continue;
    const close = closingParen(operand, i);
    const inner = operand.slice(i + 1, close < 0 ? operand.length : close);
    const from = inner.findIndex((t) => isWord(t, 'FROM'));
    if (from < 0 || !inner.slice(0, from).some((t, k) => isWord(t, 'MAX') && isPunct(inner[k + 1], '('))) continue;
    const name = readTableRef(inner, from + 1);
    if (name !== null && isTarget(name.ref, inner[from + 1])) return inner.slice(from + 1, name.next).map((t) => t.text).join('');
  }
  return null;
}

function hasLookback(bound: readonly Token[]): boolean {
  return bound.some((t, i) => isOperator(t, '-') || isWord(t, 'INTERVAL') || (t.kind === 'word' && LOOKBACK_FUNCTIONS.has(t.value) && isPunct(bound[i + 1], '(')));
}

/** Truncations to a whole period: `date_trunc('month', x)`, `date_trunc(x, week)`, `trunc(x)`. */
const TRUNCATIONS = new Set(['DATE_TRUNC', 'TRUNC', 'DATETIME_TRUNC', 'TIMESTAMP_TRUNC', 'TIME_SLICE']);

function isDateExpression(subject: readonly Token[]): boolean {
  const last = subject[subject.length - 1];
  if (isWord(last, 'DATE') && isOperator(subject[subject.length - 2], '::')) return true;
  if (isWord(subject[0], 'DATE', ...TRUNCATIONS) && isPunct(subject[1], '(')) return true;
  // `cast(x as date)`
  if (isWord(subject[0], 'CAST', 'TRY_CAST') && isPunct(last, ')') && isWord(subject[subject.length - 2], 'DATE') && isWord(subject[subject.length - 3], 'AS')) return true;
  return (last?.kind === 'word' || last?.kind === 'quoted-ident') && isDateName(last.value);
}
