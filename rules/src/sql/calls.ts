import type { Span } from '../core/types.js';
import type { GroupEnds } from './expr.js';
import { isKeyword, isPunct, isWord, partText, splitRange } from './expr.js';
import type { Expr, FunctionCall, Token } from './model.js';

/** SQL-standard and vendor functions written without parentheses. */
const NILADIC = new Set([
  'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'CURRENT_DATETIME', 'LOCALTIME', 'LOCALTIMESTAMP', 'SYSDATE',
  'SYSTIMESTAMP', 'CURRENT_USER', 'SESSION_USER',
]);

/** Words followed by `(` that are syntax, not function calls. */
const NOT_CALLS = new Set([
  'IN', 'EXISTS', 'VALUES', 'VALUE', 'AS', 'ON', 'USING', 'OVER', 'FILTER', 'GROUP', 'AND', 'OR', 'NOT', 'JOIN',
  'FROM', 'SELECT', 'WHERE', 'WHEN', 'THEN', 'ELSE', 'INTO', 'TABLE', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'CASE', 'ALL',
  'UNION', 'INTERSECT', 'EXCEPT', 'MINUS', 'WITH', 'BY', 'KEY', 'UNIQUE', 'REFERENCES', 'CONFLICT', 'SET', 'RETURNING',
  'LATERAL', 'DO', 'RETURNS', 'FOR', 'LIMIT', 'OFFSET', 'HAVING', 'ORDER', 'PARTITIONED', 'CLUSTERED', 'CONSTRAINT',
  'PRIMARY', 'FOREIGN', 'CHECK', 'INDEX', 'RECURSIVE', 'PARTITION', 'ROW', 'WINDOW', 'QUALIFY', 'AT', 'TO', 'OF',
  'INCLUDE', 'OPTIONS', 'TBLPROPERTIES', 'COLUMNS', 'DISTINCT', 'VIEW', 'RETURN', 'MATERIALIZED', 'ROWS', 'RANGE',
  'VARCHAR', 'CHAR', 'CHARACTER', 'NVARCHAR', 'NCHAR', 'DECIMAL', 'NUMERIC', 'NUMBER', 'FLOAT', 'INT', 'INTEGER',
  'BIGINT', 'SMALLINT', 'TINYINT', 'VARBINARY', 'BIT', 'VARYING', 'DEFAULT', 'END', 'CLUSTER', 'SORTKEY', 'DISTKEY',
  'ATOMIC', 'BEGIN', 'LOOP', 'WHILE', 'ELSEIF', 'ELSIF', 'STRUCT', 'MAP', 'INSERT', 'UPDATE',
]);

/** Words before a name that make `name (` a table or routine being declared, not a call. */
const DECLARING = new Set(['INTO', 'TABLE', 'REFERENCES', 'EXISTS', 'VIEW', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'RECURSIVE', 'WITH', 'INDEX', 'MACRO', 'TYPE']);

/** A call whose arguments are split only when a rule reads them, so nested calls stay linear. */
class Call implements FunctionCall {
  readonly #splitArgs: () => Expr[];
  #cachedArgs: Expr[] | null = null;

  constructor(
    readonly name: string,
    readonly nameSpan: Span,
    readonly span: Span,
    readonly niladic: boolean,
    splitArgs: () => Expr[],
  ) {
    this.#splitArgs = splitArgs;
  }

  get args(): Expr[] {
    this.#cachedArgs ??= this.#splitArgs();
    return this.#cachedArgs;
  }
}

/** Every function call in a statement's tokens, including calls inside Jinja expressions and tags, in source order. */
export function collectCalls(tokens: readonly Token[], ends: GroupEnds, excluded: readonly Span[]): FunctionCall[] {
  const calls: FunctionCall[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'jinja-expr' || t.kind === 'jinja-stmt') {
      jinjaCalls(t, calls);
      continue;
    }
    if (t.kind !== 'word' && t.kind !== 'quoted-ident') continue;
    if (isPunct(tokens[i + 1], '(')) {
      const call = sqlCall(tokens, ends, i, excluded);
      if (call) calls.push(call);
    } else if (t.kind === 'word' && NILADIC.has(t.value) && !isPunct(tokens[i - 1], '.')) {
      const span = { start: t.start, end: t.end };
      calls.push(new Call(t.value.toLowerCase(), span, span, true, () => []));
    }
  }
  return calls;
}

function sqlCall(tokens: readonly Token[], ends: GroupEnds, i: number, excluded: readonly Span[]): FunctionCall | null {
  const t = tokens[i];
  if (t.kind === 'word' && NOT_CALLS.has(t.value)) return null;
  let first = i;
  while (first >= 2 && isPunct(tokens[first - 1], '.') && (tokens[first - 2].kind === 'word' || tokens[first - 2].kind === 'quoted-ident')) first -= 2;
  const before = tokens[first - 1];
  if (before?.kind === 'word' && DECLARING.has(before.value)) return null;
  if (excluded.some((span) => span.start <= t.start && t.end <= span.end)) return null;
  const open = i + 1;
  const close = Math.min(ends[open], tokens.length);
  if (isKeyword(tokens[close + 1], 'AS') && (isPunct(tokens[close + 2], '(') || isWord(tokens[close + 2], 'NOT', 'MATERIALIZED'))) return null;
  let name = '';
  for (let k = first; k <= i; k += 2) name += (k > first ? '.' : '') + partText(tokens[k]);
  const end = close < tokens.length ? tokens[close].end : tokens[tokens.length - 1].end;
  return new Call(name, { start: tokens[first].start, end: t.end }, { start: tokens[first].start, end }, false, () => splitRange(tokens, open + 1, close, ',', ends));
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 46;
}

/** Skips a Python string starting at `i`; returns the index after it (or the end of the text). */
export function skipPythonString(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === quote) return j + 1;
    else j++;
  }
  return text.length;
}

/** Matching `)`/`]`/`}` for each opener in a Jinja token's text, skipping strings. */
export function jinjaBrackets(text: string): Map<number, number> {
  const closes = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34) {
      i = skipPythonString(text, i);
      continue;
    }
    if (c === 40 || c === 91 || (c === 123 && i > 1)) stack.push(i);
    else if ((c === 41 || c === 93 || (c === 125 && i < text.length - 2)) && stack.length > 0) closes.set(stack.pop() as number, i);
    i++;
  }
  for (const open of stack) closes.set(open, text.length - 2);
  return closes;
}

/** Top-level comma-separated ranges of `text(open, close)`, as absolute spans. */
export function jinjaArgSpans(text: string, base: number, open: number, close: number, closes: Map<number, number>): Span[] {
  const spans: Span[] = [];
  let start = open + 1;
  for (let i = open + 1; i < close; ) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34) i = skipPythonString(text, i);
    else if (closes.has(i)) i = (closes.get(i) as number) + 1;
    else if (c === 44) {
      spans.push(trimSpan(text, base, start, i));
      start = ++i;
    } else i++;
  }
  if (start < close) spans.push(trimSpan(text, base, start, close));
  return spans.filter((s) => s.end > s.start);
}

function trimSpan(text: string, base: number, from: number, to: number): Span {
  let a = from;
  let b = to;
  while (a < b && text.charCodeAt(a) <= 32) a++;
  while (b > a && text.charCodeAt(b - 1) <= 32) b--;
  return { start: base + a, end: base + b };
}

function jinjaCalls(token: Token, calls: FunctionCall[]): void {
  const text = token.text;
  if (text.indexOf('(') < 0) return;
  let closes: Map<number, number> | null = null;
  for (let i = 2; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34) {
      i = skipPythonString(text, i);
      continue;
    }
    if (!isIdentStart(c) || isIdentPart(text.charCodeAt(i - 1))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
    let paren = end;
    while (paren < text.length && (text.charCodeAt(paren) === 32 || text.charCodeAt(paren) === 9)) paren++;
    if (text.charCodeAt(paren) === 40) {
      closes ??= jinjaBrackets(text);
      const close = closes.get(paren) ?? text.length - 2;
      const map = closes;
      const base = token.start;
      calls.push(
        new Call(text.slice(i, end).toLowerCase(), { start: base + i, end: base + end }, { start: base + i, end: base + Math.min(close + 1, text.length) }, false, () =>
          jinjaArgSpans(text, base, paren, close, map).map((span) => ({ span, tokens: [] })),
        ),
      );
    }
    i = end;
  }
}
