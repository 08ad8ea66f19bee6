import type { Token } from '../../model.js';
import { isPunct, isWord } from './tokens.js';

/** Words that end the value expression a clock call sits in. */
const VALUE_STOPS = new Set([
  'AND', 'OR', 'NOT', 'WHERE', 'ON', 'WHEN', 'THEN', 'ELSE', 'HAVING', 'QUALIFY', 'SELECT', 'BETWEEN', 'IN', 'IS',
  'LIKE', 'ILIKE', 'END', 'CASE', 'FROM', 'JOIN', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS',
]);
const COMPARISONS = new Set(['=', '==', '<', '<=', '>', '>=', '<>', '!=']);
/** Functions whose later arguments are defaults for a missing first one: `coalesce(valid_to, now())`. */
const DEFAULTING = new Set(['COALESCE', 'IFNULL', 'NVL', 'ISNULL', 'NVL2']);

/**
 * How a clock value in a filter bounds the rows, or null when it bounds none of them:
 * - `lower`: the rows start at the clock (`ts >= now() - interval '1 day'`, `d = current_date - 1`, the low end of
 *   a BETWEEN, an IN list): the rows loaded move with the moment the job runs;
 * - null: it only caps them from above (`d < current_date`, `d <= now()`, the high end of a BETWEEN), tests
 *   inequality (`month != this month`), defaults an open end (`coalesce(valid_to, now())`), or is compared with a
 *   subquery value (`current_date > (select max(d) from t)`), so every row a late run reads was there before.
 * `first`/`last` are the clock call's first and last token indexes in `tokens`.
 */
export function clockBound(tokens: readonly Token[], first: number, last: number): 'lower' | null {
  let lo = first;
  let hi = last;
  for (;;) {
    const open = enclosingOpen(tokens, lo);
    if (open < 0) break;
    const close = matchingClose(tokens, open);
    const before = tokens[open - 1];
    if (isWord(tokens[open + 1], 'SELECT')) {
      // `(select current_date)` is the clock itself; any other subquery holds the comparison.
      if (lo !== open + 2 || hi !== close - 1) break;
    } else {
      if (isWord(before, 'IN')) return 'lower';
      if (before !== undefined && (before.kind === 'word' || before.kind === 'quoted-ident') && DEFAULTING.has(before.value) && !isFirstArgument(tokens, open, lo)) return null;
      if (hasComparison(tokens, open + 1, close)) break;
    }
    const isCall = before !== undefined && (before.kind === 'word' || before.kind === 'quoted-ident') && !VALUE_STOPS.has(before.value);
    lo = isCall ? qualifiedStart(tokens, open - 1) : open;
    hi = close;
  }
  const left = stopBefore(tokens, lo);
  const right = stopAfter(tokens, hi);
  const l = tokens[left];
  const r = tokens[right];
  if (r !== undefined && r.kind === 'operator' && COMPARISONS.has(r.text)) {
    if (isSubquery(tokens, right + 1)) return null;
    return r.text === '<' || r.text === '<=' || r.text === '=' || r.text === '==' ? 'lower' : null;
  }
  if (l !== undefined && l.kind === 'operator' && COMPARISONS.has(l.text)) {
    if (isSubqueryEnding(tokens, left - 1)) return null;
    return l.text === '>' || l.text === '>=' || l.text === '=' || l.text === '==' ? 'lower' : null;
  }
  if (isWord(r, 'BETWEEN')) return null;
  if (isWord(l, 'BETWEEN')) return 'lower';
  if (isWord(l, 'AND') && isWord(tokens[stopBefore(tokens, left)], 'BETWEEN')) return null;
  return 'lower';
}

function enclosingOpen(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    if (isPunct(tokens[j], ')')) depth++;
    else if (isPunct(tokens[j], '(')) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

function matchingClose(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (isPunct(tokens[j], '(')) depth++;
    else if (isPunct(tokens[j], ')') && --depth === 0) return j;
  }
  return tokens.length - 1;
}

function isFirstArgument(tokens: readonly Token[], open: number, at: number): boolean {
  let depth = 0;
  for (let j = open + 1; j < at; j++) {
    if (isPunct(tokens[j], '(')) depth++;
    else if (isPunct(tokens[j], ')')) depth--;
    else if (depth === 0 && isPunct(tokens[j], ',')) return false;
  }
  return true;
}

function hasComparison(tokens: readonly Token[], from: number, to: number): boolean {
  let depth = 0;
  for (let j = from; j < to; j++) {
    const t = tokens[j];
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && ((t.kind === 'operator' && COMPARISONS.has(t.text)) || isWord(t, 'AND', 'OR', 'BETWEEN', 'IN', 'IS', 'LIKE'))) return true;
  }
  return false;
}

function qualifiedStart(tokens: readonly Token[], i: number): number {
  let k = i;
  while (k >= 2 && isPunct(tokens[k - 1], '.') && (tokens[k - 2].kind === 'word' || tokens[k - 2].kind === 'quoted-ident')) k -= 2;
  return k;
}

function isStop(t: Token): boolean {
  return (
    isPunct(t, ',') || isPunct(t, ';') || t.kind === 'jinja-stmt' || (t.kind === 'operator' && COMPARISONS.has(t.text)) || (t.kind === 'word' && VALUE_STOPS.has(t.value))
  );
}

/** Index of the token that ends the value expression ending just before `i` on its left (or -1). */
function stopBefore(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j];
    if (isPunct(t, ')')) depth++;
    else if (isPunct(t, '(')) {
      if (depth === 0) return j;
      depth--;
    } else if (depth === 0 && isStop(t)) return j;
  }
  return -1;
}

function stopAfter(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i + 1; j < tokens.length; j++) {
    const t = tokens[j];
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) {
      if (depth === 0) return j;
      depth--;
    } else if (depth === 0 && isStop(t)) return j;
  }
  return tokens.length;
}

/** The operand starting at `at` is a whole subquery: `(select ...)` and then the end of the value. */
function isSubquery(tokens: readonly Token[], at: number): boolean {
  if (!isPunct(tokens[at], '(') || !isWord(tokens[at + 1], 'SELECT')) return false;
  const after = tokens[matchingClose(tokens, at) + 1];
  return after === undefined || isPunct(after, ')') || isStop(after);
}

/** The operand ending at `at` is a whole subquery. */
function isSubqueryEnding(tokens: readonly Token[], at: number): boolean {
  if (!isPunct(tokens[at], ')')) return false;
  let depth = 0;
  for (let j = at; j >= 0; j--) {
    if (isPunct(tokens[j], ')')) depth++;
    else if (isPunct(tokens[j], '(') && --depth === 0) {
      const before = tokens[j - 1];
      return isWord(tokens[j + 1], 'SELECT') && (before === undefined || isPunct(before, '(') || isStop(before));
    }
  }
  return false;
}
