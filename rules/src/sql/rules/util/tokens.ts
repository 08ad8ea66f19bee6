import type { Span } from '../../../core/types.js';
import type { Token } from '../../model.js';

export function isWord(token: Token | undefined, ...values: string[]): boolean {
  return token !== undefined && token.kind === 'word' && (values.length === 0 || values.includes(token.value));
}

export function isPunct(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === text;
}

export function isOperator(token: Token | undefined, ...texts: string[]): boolean {
  return token !== undefined && token.kind === 'operator' && (texts.length === 0 || texts.includes(token.text));
}

export function isJinjaThis(token: Token | undefined): boolean {
  return token !== undefined && token.kind === 'jinja-expr' && /^\{\{-?\s*this\s*-?\}\}$/.test(token.text);
}

/** Tokens lying wholly inside a span. */
export function tokensIn(tokens: readonly Token[], span: Span): Token[] {
  return tokens.filter((t) => t.start >= span.start && t.end <= span.end);
}

export function spanOf(tokens: readonly Token[]): Span {
  return { start: tokens[0].start, end: tokens[tokens.length - 1].end };
}

export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
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
export function splitTopLevel(tokens: readonly Token[], isSeparator: (t: Token) => boolean): Token[][] {
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
  return splitTopLevel(inner, (t) => isPunct(t, ','));
}

/** Reads `a.b.c` (words, quoted identifiers, Jinja expressions) starting at `i`; the name is lower-cased. */
export function readDottedName(tokens: readonly Token[], i: number): { name: string; parts: string[]; next: number } | null {
  const parts: string[] = [];
  let j = i;
  while (j < tokens.length) {
    const token = tokens[j];
    if (token.kind === 'word') parts.push(token.value.toLowerCase());
    else if (token.kind === 'quoted-ident') parts.push(token.value);
    else if (token.kind === 'jinja-expr') parts.push(token.text);
    else break;
    j++;
    if (!isPunct(tokens[j], '.')) break;
    j++;
  }
  return parts.length === 0 ? null : { name: parts.join('.'), parts, next: j };
}
