import type { Span } from '../core/types.js';
import type { Expr, TableRef, Token } from './model.js';

/** An Expr over `source[from, to)` whose token array is copied only when a rule reads it. */
export class TokenSlice implements Expr {
  readonly span: Span;
  readonly #source: readonly Token[];
  readonly #from: number;
  readonly #to: number;
  #cached: Token[] | null = null;

  constructor(source: readonly Token[], from: number, to: number) {
    this.#source = source;
    this.#from = from;
    this.#to = to;
    this.span = { start: source[from].start, end: source[to - 1].end };
  }

  get tokens(): Token[] {
    this.#cached ??= this.#source.slice(this.#from, this.#to);
    return this.#cached;
  }
}

/** An Expr over `tokens[from, to)`, or null when the range is empty. */
export function exprOf(tokens: readonly Token[], from: number, to: number): Expr | null {
  const end = Math.min(to, tokens.length);
  return from < end ? new TokenSlice(tokens, from, end) : null;
}

/** An expression with no tokens at `offset`, for a clause whose body is missing (`SET x =` while typing). */
export function emptyExpr(offset: number): Expr {
  return { span: { start: offset, end: offset }, tokens: [] };
}

/** The tokens of an Expr, or none for null. */
export function tokensOf(expr: Expr | null | undefined): Token[] {
  return expr ? expr.tokens : [];
}

/** True when `token` is a bare word equal (case-insensitively) to one of `words`: `isKeyword(t, 'SELECT')`. */
export function isWord(token: Token | null | undefined, ...words: string[]): boolean {
  if (token === null || token === undefined || token.kind !== 'word') return false;
  for (let i = 0; i < words.length; i++) if (words[i] === token.value) return true;
  return false;
}

/** `isWord` for a single word, without the rest-argument array: the front end calls it on every token. */
export function isKeyword(token: Token | null | undefined, word: string): boolean {
  return token !== null && token !== undefined && token.kind === 'word' && token.value === word;
}

/** True when `token` is the punctuation or operator `text`: `isPunct(t, '(')`. */
export function isPunct(token: Token | null | undefined, text: string): boolean {
  return token !== null && token !== undefined && (token.kind === 'punct' || token.kind === 'operator') && token.text === text;
}

/**
 * For every `(`, `[` and `CASE`, the index of its closer (`)`, `]`, `END`); `tokens.length` when it never closes.
 * Other entries are -1. Linear.
 */
export function groupEnds(tokens: readonly Token[]): GroupEnds {
  // A typed array: 4 bytes an entry off the garbage-collected heap, instead of an 8-byte slot in a JS array.
  const ends = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[') stack.push(i);
      else if (t.text === ')' || t.text === ']') {
        const opener = t.text === ')' ? '(' : '[';
        while (stack.length > 0) {
          const top = stack.pop() as number;
          if (tokens[top].text === opener) {
            ends[top] = i;
            break;
          }
          ends[top] = i;
        }
      }
    } else if (t.kind === 'word') {
      if (t.value === 'CASE') stack.push(i);
      else if (t.value === 'END' && stack.length > 0 && tokens[stack[stack.length - 1]].value === 'CASE') ends[stack.pop() as number] = i;
    }
  }
  for (const open of stack) ends[open] = tokens.length;
  return ends;
}

/** What `groupEnds` returns: read-only to its users. */
export type GroupEnds = Readonly<Int32Array>;

/** The index after `tokens[i]`, skipping over a whole group when `tokens[i]` opens one. */
export function stepOver(ends: GroupEnds, i: number): number {
  return ends[i] >= 0 ? ends[i] + 1 : i + 1;
}

/** Index of the first `word` (upper-case) at nesting depth 0 of `tokens[from, to)`, or -1. */
export function findTopLevelWord(tokens: readonly Token[], word: string, from = 0, to = tokens.length, ends: GroupEnds = groupEnds(tokens)): number {
  for (let i = from; i < to; i = stepOver(ends, i)) {
    if (isWord(tokens[i], word)) return i;
  }
  return -1;
}

/** Index of the first token at depth 0 of `tokens[from, to)` that is one of `words` (words) or `texts` (punctuation), or -1. */
export function findTopLevel(tokens: readonly Token[], from: number, to: number, ends: GroupEnds, words: ReadonlySet<string>, texts: readonly string[] = []): number {
  for (let i = from; i < to; i = stepOver(ends, i)) {
    const t = tokens[i];
    if (t.kind === 'word' ? words.has(t.value) : (t.kind === 'punct' || t.kind === 'operator') && texts.includes(t.text)) return i;
  }
  return -1;
}

/**
 * Splits an expression at depth-0 occurrences of `separator`: a word (`'AND'`, `'OR'`) or punctuation (`','`).
 * The AND of `BETWEEN a AND b` does not split.
 */
export function splitTopLevel(expr: Expr | readonly Token[], separator: string): Expr[] {
  const tokens = Array.isArray(expr) ? (expr as readonly Token[]) : (expr as Expr).tokens;
  return splitRange(tokens, 0, tokens.length, separator, groupEnds(tokens));
}

/** `splitTopLevel` over `tokens[from, to)` with precomputed group ends. */
export function splitRange(tokens: readonly Token[], from: number, to: number, separator: string, ends: GroupEnds): Expr[] {
  const parts: Expr[] = [];
  for (const [a, b] of topLevelRanges(tokens, from, to, separator, ends)) {
    const part = exprOf(tokens, a, b);
    if (part) parts.push(part);
  }
  return parts;
}

/** The `[from, to)` index ranges between depth-0 separators (see `splitTopLevel`); empty ranges included. */
export function topLevelRanges(tokens: readonly Token[], from: number, to: number, separator: string, ends: GroupEnds): [number, number][] {
  const ranges: [number, number][] = [];
  const isWordSeparator = /^[A-Za-z_]+$/.test(separator);
  const upper = separator.toUpperCase();
  let start = from;
  let betweenPending = false;
  for (let i = from; i < to; i = stepOver(ends, i)) {
    const t = tokens[i];
    if (isKeyword(t, 'BETWEEN')) betweenPending = true;
    const hit = isWordSeparator ? isWord(t, upper) : (t.kind === 'punct' || t.kind === 'operator') && t.text === separator;
    if (!hit) continue;
    if (upper === 'AND' && betweenPending) {
      betweenPending = false;
      continue;
    }
    ranges.push([start, i]);
    start = i + 1;
  }
  ranges.push([start, Math.min(to, tokens.length)]);
  return ranges;
}

/** `{{ this }}` and `{{this}}` name the same thing: delimiters, whitespace control and spacing are normalized. */
export function normalizeJinja(text: string): string {
  let inner = text.slice(2, text.endsWith('}}') ? -2 : text.length);
  if (inner.startsWith('-') || inner.startsWith('+')) inner = inner.slice(1);
  if (inner.endsWith('-') || inner.endsWith('+')) inner = inner.slice(0, -1);
  return `{{ ${inner.trim().split(/\s+/).join(' ')} }}`;
}

interface NamePart {
  text: string;
  /** Last dotted segment, for BigQuery `project.dataset.table` written as one backtick identifier. */
  base: string;
  templated: boolean;
  next: number;
}

function namePartKind(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted-ident' || t.kind === 'jinja-expr');
}

/** A name token as it appears in a normalized name: lower-cased word, unquoted identifier, normalized Jinja. */
export function partText(t: Token): string {
  if (t.kind === 'word') return t.text.toLowerCase();
  if (t.kind === 'jinja-expr') return normalizeJinja(t.text);
  return t.value;
}

/** One dotted part: adjacent tokens with no space between (`orders_{{ ds_nodash }}`) form a single part. */
function readPart(tokens: readonly Token[], i: number): NamePart | null {
  const first = tokens[i];
  if (!namePartKind(first)) return null;
  let text = partText(first);
  let templated = first.kind === 'jinja-expr';
  let j = i + 1;
  while (j < tokens.length && tokens[j].start === tokens[j - 1].end && (namePartKind(tokens[j]) || tokens[j].kind === 'number')) {
    text += tokens[j].kind === 'number' ? tokens[j].text : partText(tokens[j]);
    templated ||= tokens[j].kind === 'jinja-expr';
    j++;
  }
  const base = first.kind === 'quoted-ident' && j === i + 1 && text.includes('.') ? text.slice(text.lastIndexOf('.') + 1) : text;
  return { text, base, templated, next: j };
}

/** Reads a dotted table name starting at `tokens[i]`: `schema.t`, `"S"."T"`, `` `p.d.t` ``, `{{ ref('x') }}`. */
export function readTableRef(tokens: readonly Token[], i: number): { ref: TableRef; next: number } | null {
  const parts: string[] = [];
  let base = '';
  let templated = false;
  let j = i;
  for (let guard = 0; guard < tokens.length; guard++) {
    const part = readPart(tokens, j);
    if (!part) break;
    parts.push(part.text);
    base = part.base;
    templated ||= part.templated;
    j = part.next;
    if (isPunct(tokens[j], '.') && namePartKind(tokens[j + 1])) j++;
    else if (isPunct(tokens[j], '.') && isPunct(tokens[j + 1], '.') && namePartKind(tokens[j + 2])) {
      // `db..name` (Snowflake, SQL Server): the default schema of database `db`.
      parts.push('');
      j += 2;
    } else break;
  }
  if (parts.length === 0) return null;
  const span = { start: tokens[i].start, end: tokens[j - 1].end };
  return { ref: { name: parts.join('.'), baseName: base, span, templated }, next: j };
}

/**
 * True when two references name the same table. An unqualified name matches a qualified one by its last part
 * (`orders` = `sales.orders`); a templated name (`{{ this }}`) only matches the same template.
 */
export function sameTable(a: TableRef, b: TableRef): boolean {
  if (a.templated || b.templated) return a.templated && b.templated && a.name === b.name;
  if (a.name === b.name) return true;
  const aQualified = a.name !== a.baseName;
  const bQualified = b.name !== b.baseName;
  return (!aQualified || !bQualified) && a.baseName === b.baseName;
}

/** Words after which a table name follows. */
const TABLE_INTRODUCERS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'USING']);
/** Words that follow FROM/JOIN but are not table names. */
const NOT_TABLE_NAMES = new Set(['SELECT', 'LATERAL', 'UNNEST', 'ONLY', 'WITH', 'VALUES']);

/** Every table named after FROM, JOIN, INTO, UPDATE, TABLE or USING, and after the commas of a FROM list. */
export function tableRefsIn(expr: Expr | readonly Token[]): TableRef[] {
  const tokens = Array.isArray(expr) ? (expr as readonly Token[]) : (expr as Expr).tokens;
  const refs: TableRef[] = [];
  let inFromList = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const introduces = t.kind === 'word' && TABLE_INTRODUCERS.has(t.value);
    const listed = inFromList && isPunct(t, ',');
    if (t.kind === 'word' && !introduces) inFromList = inFromList && !isClauseWord(t.value);
    if (!introduces && !listed) continue;
    if (introduces) inFromList = t.value === 'FROM' || t.value === 'JOIN';
    let j = i + 1;
    if (isKeyword(tokens[j], 'ONLY')) j++;
    if (tokens[j]?.kind === 'word' && NOT_TABLE_NAMES.has(tokens[j].value)) continue;
    const read = readTableRef(tokens, j);
    if (!read || (isPunct(tokens[read.next], '(') && tokens[j].kind === 'word' && t.value !== 'INTO' && t.value !== 'TABLE')) continue;
    refs.push(read.ref);
    i = read.next - 1;
  }
  return refs;
}

function isClauseWord(value: string): boolean {
  return value === 'WHERE' || value === 'GROUP' || value === 'ORDER' || value === 'HAVING' || value === 'LIMIT' || value === 'ON' || value === 'UNION' || value === 'QUALIFY' || value === 'WINDOW';
}

/** True when `expr` reads or writes `table` (see `tableRefsIn` and `sameTable`). */
export function referencesTable(expr: Expr | readonly Token[] | null, table: TableRef): boolean {
  if (!expr) return false;
  return tableRefsIn(expr).some((ref) => sameTable(ref, table));
}

export interface ColumnRef {
  /** Lower-cased column name (quoted names keep their case). */
  name: string;
  /** Table name or alias before the dot, lower-cased, or null. */
  qualifier: string | null;
  span: Span;
}

/** Words that are never column names. */
export const RESERVED = new Set([
  'ALL', 'AND', 'ANY', 'ARRAY', 'AS', 'ASC', 'BETWEEN', 'BY', 'CASE', 'CAST', 'COLLATE', 'CROSS', 'CURRENT_DATE',
  'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'DEFAULT', 'DELETE', 'DESC', 'DISTINCT', 'ELSE', 'END', 'EXCEPT', 'EXISTS',
  'FALSE', 'FETCH', 'FILTER', 'FIRST', 'FOLLOWING', 'FOR', 'FROM', 'FULL', 'GROUP', 'HAVING', 'ILIKE', 'IN', 'INNER',
  'INSERT', 'INTERSECT', 'INTERVAL', 'INTO', 'IS', 'JOIN', 'LAST', 'LATERAL', 'LEFT', 'LIKE', 'LIMIT', 'LOCALTIME',
  'LOCALTIMESTAMP', 'MATCHED', 'MERGE', 'MINUS', 'NATURAL', 'NOT', 'NULL', 'NULLS', 'OFFSET', 'ON', 'OR', 'ORDER',
  'OUTER', 'OVER', 'PARTITION', 'PRECEDING', 'QUALIFY', 'RANGE', 'RECURSIVE', 'RETURNING', 'RIGHT', 'ROWS', 'SELECT',
  'SET', 'SOME', 'SYSDATE', 'TABLE', 'THEN', 'TO', 'TRUE', 'UNBOUNDED', 'UNION', 'UNKNOWN', 'UPDATE', 'USING',
  'VALUES', 'WHEN', 'WHERE', 'WINDOW', 'WITH', 'WITHIN', 'CURRENT', 'ROW', 'DO', 'NOTHING', 'CONFLICT',
]);

/** Column references in an expression: bare or qualified names that are not keywords, calls or table names. */
export function columnRefs(expr: Expr | readonly Token[] | null): ColumnRef[] {
  if (!expr) return [];
  const tokens = Array.isArray(expr) ? (expr as readonly Token[]) : (expr as Expr).tokens;
  const refs: ColumnRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!isNameToken(t)) continue;
    const prev = tokens[i - 1];
    if (isPunct(prev, '.') || isPunct(prev, '::') || isIntervalUnit(tokens, i)) continue;
    if (prev?.kind === 'word' && (TABLE_INTRODUCERS.has(prev.value) || prev.value === 'AS')) continue;
    let j = i;
    while (isPunct(tokens[j + 1], '.') && isNameToken(tokens[j + 2])) j += 2;
    if (isPunct(tokens[j + 1], '(') || (j === i && (t.kind === 'word' && RESERVED.has(t.value)))) {
      i = j;
      continue;
    }
    const last = tokens[j];
    const qualifierToken = j > i ? tokens[j - 2] : null;
    refs.push({
      name: partText(last),
      qualifier: qualifierToken ? partText(qualifierToken) : null,
      span: { start: t.start, end: last.end },
    });
    i = j;
  }
  return refs;
}

/** `INTERVAL 1 DAY`, `INTERVAL '7' DAY`: the unit after the amount is not a column. */
function isIntervalUnit(tokens: readonly Token[], i: number): boolean {
  const amount = tokens[i - 1];
  return amount !== undefined && (amount.kind === 'number' || amount.kind === 'string') && isKeyword(tokens[i - 2], 'INTERVAL');
}

function isNameToken(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted-ident');
}
