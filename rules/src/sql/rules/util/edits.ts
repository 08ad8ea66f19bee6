import type { Span } from '../../../core/types.js';

/** The span plus the whitespace before it, so that removing it leaves no gap. */
export function removalSpan(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0 && /\s/.test(text[start - 1])) start--;
  return { start, end: span.end };
}

export function insertAt(offset: number, text: string): { span: Span; text: string } {
  return { span: { start: offset, end: offset }, text };
}

/** The indentation of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}
