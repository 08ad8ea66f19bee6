import type { Span } from '../../../core/types.js';
import { isPunct, normalizeJinja } from '../../expr.js';
import type { Token } from '../../model.js';
import { countWhile } from './search.js';

export { isPunct, isWord } from '../../expr.js';

export function isOperator(token: Token | undefined, ...texts: string[]): boolean {
  return token !== undefined && token.kind === 'operator' && (texts.length === 0 || texts.includes(token.text));
}

export function isJinjaThis(token: Token | undefined): boolean {
  return token !== undefined && token.kind === 'jinja-expr' && normalizeJinja(token.text) === '{{ this }}';
}

/** Tokens lying wholly inside a span. `tokens` are in source order and do not overlap, so they are one run. */
export function tokensIn(tokens: readonly Token[], span: Span): Token[] {
  const first = countWhile(tokens.length, (i) => tokens[i].start < span.start);
  let end = first;
  while (end < tokens.length && tokens[end].end <= span.end) end++;
  return tokens.slice(first, end);
}

export function contains(outer: Span, inner: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Index of the `)` closing the `(` at `open`, or -1 when the file ends first. */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i;
  }
  return -1;
}

/** Splits at separators that sit outside every parenthesis; empty parts are dropped. */
export function splitAt(tokens: readonly Token[], isSeparator: (t: Token) => boolean): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    if (isPunct(token, ')')) depth--;
    if (depth === 0 && isSeparator(token)) parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  return parts.filter((p) => p.length > 0);
}

/** Values of a parenthesised row or argument list: `(a, b)` gives `[[a], [b]]`. */
export function commaItems(tokens: readonly Token[]): Token[][] {
  const inner = isPunct(tokens[0], '(') && isPunct(tokens[tokens.length - 1], ')') ? tokens.slice(1, -1) : tokens;
  return splitAt(inner, (t) => isPunct(t, ','));
}

/**
 * Walks back from `index` over the tokens outside any parenthesis it skips, visiting each with `level`: 0 for
 * the level of `index`, 1 after stepping out through its enclosing `(`, and so on. `visit` returns true to stop.
 */
export function walkOutward(tokens: readonly Token[], index: number, visit: (token: Token, at: number, level: number) => boolean): void {
  let depth = 0;
  let level = 0;
  for (let j = index - 1; j >= 0; j--) {
    const token = tokens[j];
    if (isPunct(token, ')')) depth++;
    else if (isPunct(token, '(') && depth > 0) depth--;
    else if (isPunct(token, '(')) level++;
    else if (depth === 0 && visit(token, j, level)) return;
  }
}
